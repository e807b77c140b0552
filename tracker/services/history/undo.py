"""Undoing (admins only): restoring a deleted record with its links and the records deleted
along with it, and rolling a record back to an earlier version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from tracker.db import Base
from tracker.models import ChangeAction, ChangeRecord, User, UserRole
from tracker.services.errors import PermissionDenied, RuleViolation
from tracker.services.history.log import label_of
from tracker.services.history.queries import current_record
from tracker.services.history.snapshots import BOOKKEEPING, LINKS_KEY, values_from_snapshot
from tracker.services.registry import service_for, service_for_model
from tracker.services.wording import N_

if TYPE_CHECKING:
    from tracker.services.records import RecordService


def restore(session: Session, actor: User | None, change: ChangeRecord, note: str | None = None):
    """Bring back the record ``change`` deleted, with its uid, the links other records had to
    it, and the records deleted along with it (and their links). Returns the restored record.

    Each comes back under its old id, or under a new one should that id belong to another
    record: the uid says which record is which, never the id.

    :raise RuleViolation: when the record exists again or can no longer be rebuilt.
    """
    _require_admin(actor)
    if change.action is not ChangeAction.DELETE:
        raise RuleViolation(N_("Only a deletion can be restored."))
    service = service_for(change.record_kind)
    if current_record(session, change) is not None:
        raise RuleViolation(N_("This record exists: it was restored already."))
    restored, restoring = _reinsert(
        session,
        actor,
        change,
        {},
        note=note or f"Restored what change {change.id} deleted.",
    )
    new_ids = {(service.model, change.record_id): restored.id}
    for child in session.scalars(
        select(ChangeRecord).where(ChangeRecord.caused_by_id == change.id).order_by(ChangeRecord.id)
    ):
        if current_record(session, child) is not None:
            continue
        child_record, _change = _reinsert(session, actor, child, new_ids, caused_by=restoring)
        new_ids[(type(child_record), child.record_id)] = child_record.id
    session.flush()
    return restored


def _reinsert(
    session: Session,
    actor: User | None,
    deletion: ChangeRecord,
    new_ids: Mapping[tuple[type, int], int],
    note: str | None = None,
    caused_by: ChangeRecord | None = None,
) -> tuple[Any, ChangeRecord]:
    """Insert again what ``deletion`` deleted and put back the links to it. References to
    records restored under a new id (``new_ids``: (model, old id) -> new id) follow them;
    references to records deleted since are left empty, as links in collections are."""
    service = service_for(deletion.record_kind)
    values = values_from_snapshot(service, deletion.snapshot)
    for key, model in service.references.items():
        if (model, values.get(key)) in new_ids:
            values[key] = new_ids[(model, values[key])]
        elif values.get(key) is not None and session.get(model, values[key]) is None:
            # deleted meanwhile: the service's rules decide whether the record stands without it
            values[key] = None
    values = {**values, **_alive_collections(session, service, values)}
    if session.get(service.model, deletion.record_id) is not None:
        values.pop("id", None)  # another record holds the id: this one gets a new one
    record, change = service.insert(
        session, actor, values, action=ChangeAction.RESTORE, note=note, caused_by=caused_by
    )
    _relink(session, actor, record, deletion.snapshot.get(LINKS_KEY, []))
    return record, change


def rollback(
    session: Session, actor: User | None, record: Any, change: ChangeRecord, note: str | None = None
) -> Any:
    """Set ``record`` back to how it stood after ``change``; the rollback is itself a change.

    :raise RuleViolation: when ``change`` is not a state of this record to go back to (another
        record's change, even one that held the same id, never is).
    """
    _require_admin(actor)
    service = service_for(change.record_kind)
    if (
        not isinstance(record, service.model)
        or change.record_uid != record.uid
        or change.action is ChangeAction.DELETE
    ):
        raise RuleViolation(N_("That change is not a version of this record."))
    values = {
        key: value
        for key, value in values_from_snapshot(service, change.snapshot).items()
        if key not in BOOKKEEPING
    }
    values.update(_alive_collections(session, service, values))
    return service.update(
        session,
        actor,
        record,
        values,
        note=note or f"Rolled back to version {change.version} (change {change.id}).",
        action=ChangeAction.ROLLBACK,
    )


def _alive_collections(
    session: Session, service: RecordService, values: Mapping[str, Any]
) -> dict[str, list[int]]:
    """Collection ids that still exist: a restore leaves out links to since-deleted records."""
    alive = {}
    for key, (_attribute, model) in service.collections.items():
        if key in values:
            wanted = list(values[key] or [])
            existing = set(session.scalars(select(model.id).where(model.id.in_(wanted))))
            alive[key] = [identifier for identifier in wanted if identifier in existing]
    return alive


def _require_admin(actor: User | None) -> None:
    if actor is not None and not actor.can(UserRole.ADMIN):
        raise PermissionDenied("Only admins restore records or roll them back.")


def _relink(
    session: Session, actor: User | None, record: Any, links: Iterable[Mapping[str, Any]]
) -> None:
    """Put back the links :func:`inbound_links` found, where the record that held each still
    exists and (for a reference) has not been pointed elsewhere meanwhile.

    Each record that gains a link back is saved through its own service, so its history says
    so and still replays to what it holds; one whose rules now refuse the link is left as it
    is (the deletion's snapshot still names the link)."""
    label = label_of(record)
    for link in links:
        table = Base.metadata.tables.get(link["table"])
        if table is None:
            continue
        if "other" in link:
            far = table.c[link["other"]]
            holder_table = next(iter(far.foreign_keys)).column.table
            for holder_id in link["ids"]:
                _link_again(session, actor, holder_table, holder_id, record, label, table)
        else:
            column = table.c[link["column"]]
            for holder_id in link["ids"]:
                _point_again(session, actor, table, holder_id, column, record, label)


def _link_again(
    session: Session,
    actor: User | None,
    holder_table: Table,
    holder_id: int,
    record: Any,
    label: str,
    link_table: Table,
) -> None:
    """Add ``record`` back to the collection (kept in ``link_table``) of one holder."""
    model = _model_of(holder_table)
    service = service_for_model(model) if model is not None else None
    holder = session.get(model, holder_id) if model is not None else None
    if service is None or holder is None:
        return
    for key, (attribute, _related) in service.collections.items():
        if getattr(type(holder), attribute).property.secondary is not link_table:
            continue
        held = [related.id for related in getattr(holder, attribute)]
        if record.id not in held:
            _save_link(service, session, actor, holder, {key: [*held, record.id]}, label)


def _point_again(
    session: Session,
    actor: User | None,
    table: Table,
    holder_id: int,
    column: Any,
    record: Any,
    label: str,
) -> None:
    """Point one holder's emptied reference (a statement's speaker) at ``record`` again."""
    model = _model_of(table)
    service = service_for_model(model) if model is not None else None
    if model is None or service is None:
        session.execute(
            update(table)
            .where(table.c.id == holder_id, column.is_(None))
            .values({column.name: record.id})
        )
        return
    holder = session.get(model, holder_id)
    if holder is not None and getattr(holder, column.key) is None:
        _save_link(service, session, actor, holder, {column.key: record.id}, label)


def _save_link(
    service: RecordService,
    session: Session,
    actor: User | None,
    holder: Any,
    values: dict[str, Any],
    label: str,
) -> None:
    """Save a link back; a rule refusing it (checked before anything changes) skips it."""
    try:
        service.update(
            session, actor, holder, values, note=f"Linked again to {label}, which was restored."
        )
    except RuleViolation:
        return


def _model_of(table: Table) -> type | None:
    return next(
        (mapper.class_ for mapper in Base.registry.mappers if mapper.local_table is table), None
    )
