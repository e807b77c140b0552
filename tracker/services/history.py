"""The edit history: what every change did, who made it, and how to undo it.

:mod:`tracker.services.records` calls :func:`record_change` for every create, update and delete,
inside the same transaction, so there is no change without history and no history without its
change. Everything else here reads the history: a record's changes, the site-wide recent
changes, the corrections readers must see (:func:`corrections_since`), the three-way merge a
conflict page offers, and an admin's restore and rollback.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, TypeDecorator, and_, func, inspect, select, update
from sqlalchemy.orm import Session

from tracker.db import Base, Record
from tracker.models import ChangeAction, ChangeRecord, User, UserRole, Verification
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation
from tracker.services.wording import N_

if TYPE_CHECKING:
    from tracker.services.records import RecordService

#: bookkeeping columns: they change with every save and say nothing a reader needs
BOOKKEEPING = frozenset({"id", "uid", "version", "created_at", "updated_at"})
#: what a hidden field (a password hash) shows in a diff
HIDDEN = "(hidden)"
#: where a snapshot keeps the rows of other tables that pointed at a deleted record
LINKS_KEY = "_links"


# -- turning records into JSON and back ---------------------------------------------------


def to_json(value: Any) -> Any:
    """A JSON-safe form of a column or form value, equal for equal values whatever their type."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(to_json(item) for item in value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def snapshot(service: RecordService, record: Any) -> dict[str, Any]:
    """Every field of ``record`` as JSON, collections as sorted id lists under their value key
    (``source_ids``), hidden fields left out."""
    mapper = inspect(type(record))
    values = {
        attribute.key: to_json(getattr(record, attribute.key))
        for attribute in mapper.column_attrs
        if attribute.key not in service.hidden_fields
    }
    for key, (attribute, _model) in service.collections.items():
        values[key] = sorted(related.id for related in getattr(record, attribute))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed, bookkeeping left out."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if key not in BOOKKEEPING and key != LINKS_KEY and before.get(key) != after.get(key)
    }


def values_from_snapshot(service: RecordService, saved: Mapping[str, Any]) -> dict[str, Any]:
    """The values a service takes to bring a record back to ``saved``: dates and uuids parsed
    again, links to records that no longer exist dropped."""
    columns = service.model.__table__.columns
    values: dict[str, Any] = {}
    for key, value in saved.items():
        if key == LINKS_KEY:
            continue
        if key in service.collections:
            values[key] = value
            continue
        column = columns.get(key)
        if column is None:
            continue
        values[key] = _from_json(column.type, value)
    return values


def _from_json(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return value
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dt.time:
        return dt.time.fromisoformat(value)
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type is decimal.Decimal:
        return decimal.Decimal(value)
    return value


def inbound_links(session: Session, record: Any) -> list[dict[str, Any]]:
    """Rows elsewhere that point at ``record`` and would silently lose it on delete: link-table
    rows (a statement citing this source) and ``SET NULL`` references (a statement's speaker)."""
    table = record.__table__
    found: list[dict[str, Any]] = []
    for other in Base.metadata.sorted_tables:
        if other.name == ChangeRecord.__tablename__:
            continue
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            column = foreign_key.parent
            if _is_link_table(other):
                far = next(c for c in other.primary_key.columns if c is not column)
                ids = session.scalars(select(far).where(column == record.id)).all()
                if ids:
                    found.append(
                        {"table": other.name, "column": column.name, "other": far.name, "ids": ids}
                    )
            elif foreign_key.ondelete == "SET NULL":
                ids = session.scalars(select(other.c.id).where(column == record.id)).all()
                if ids:
                    found.append({"table": other.name, "column": column.name, "ids": ids})
    return found


def _is_link_table(table: Table) -> bool:
    columns = list(table.primary_key.columns)
    return len(columns) == 2 and all(column.foreign_keys for column in columns)


def _relink(
    session: Session, actor: User | None, record: Any, links: Iterable[Mapping[str, Any]]
) -> None:
    """Put back the links :func:`inbound_links` found, where the record that held each still
    exists and (for a reference) has not been pointed elsewhere meanwhile.

    Each record that gains a link back is saved through its own service, so its history says
    so and still replays to what it holds; one whose rules now refuse the link is left as it
    is (the deletion's snapshot still names the link)."""
    label = _label(record)
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
    from tracker.services.records import service_for_model

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
    from tracker.services.records import service_for_model

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


def _model_of(table: Table) -> type[Any] | None:
    return next(
        (mapper.class_ for mapper in Base.registry.mappers if mapper.local_table is table), None
    )


# -- writing the history (called by the record services only) -----------------------------


def record_change(
    session: Session,
    actor: User | None,
    service: RecordService,
    record: Any,
    action: ChangeAction,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    note: str | None = None,
    correction_note: str | None = None,
    caused_by: ChangeRecord | None = None,
    hidden_changed: Iterable[str] = (),
) -> ChangeRecord:
    """Add the history row for one change to the session; the caller's flush writes both."""
    changes = diff(before, after)
    for hidden in hidden_changed:
        changes[hidden] = [HIDDEN, HIDDEN]
    change = ChangeRecord(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.name if actor is not None else None,
        record_kind=service.kind,
        record_id=record.id,
        record_uid=record.uid,
        record_label=_label(record),
        action=action,
        version=record.version,
        changes=changes,
        snapshot=dict(before if action is ChangeAction.DELETE else after),
        note=note or None,
        is_correction=correction_note is not None,
        correction_note=correction_note,
        caused_by=caused_by,
    )
    session.add(change)
    return change


def _label(record: Any) -> str:
    try:
        return str(record)[:300]
    except Exception:  # a half-built record may not know its own name; the id will do
        return f"#{record.id}"


def correction_values(service: RecordService, note: str) -> dict[str, Any]:
    """What marking an edit as a correction changes on the record itself: facts that carry a
    verification status become "corrected" and show the public note."""
    columns = service.model.__table__.columns
    if "verification" in columns and "correction_note" in columns:
        return {"verification": Verification.CORRECTED, "correction_note": note}
    return {}


def implied_correction(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    """An edit that sets a fact's status to corrected is a correction, ticked or not."""
    if after.get("verification") != Verification.CORRECTED.value:
        return None
    if before.get("verification") == after.get("verification") and before.get(
        "correction_note"
    ) == after.get("correction_note"):
        return None
    return after.get("correction_note") or ""


# -- reading the history ----------------------------------------------------------------


def changes_to(session: Session, kind: str, record_id: int) -> list[ChangeRecord]:
    """Every change to one record, newest first, including its deletion and restoration.

    The record is followed by its uid, not its id: a record restored under a new id keeps its
    earlier changes, and changes to another record that once held the same id never show."""
    uid = record_uid(session, kind, record_id)
    if uid is None:
        return []
    return list(
        session.scalars(
            select(ChangeRecord)
            .where(ChangeRecord.record_kind == kind, ChangeRecord.record_uid == uid)
            .order_by(ChangeRecord.changed_at.desc(), ChangeRecord.id.desc())
        )
    )


def record_uid(session: Session, kind: str, record_id: int) -> uuid.UUID | None:
    """The uid of the record ``kind`` ``record_id`` names: the living record's, or for a
    deleted one the uid its last change recorded; ``None`` when neither is known."""
    from tracker.services.records import service_for

    model = service_for(kind).model
    uid = session.scalar(select(model.uid).where(model.id == record_id))
    if uid is not None:
        return uid
    return session.scalar(
        select(ChangeRecord.record_uid)
        .where(ChangeRecord.record_kind == kind, ChangeRecord.record_id == record_id)
        .order_by(ChangeRecord.id.desc())
        .limit(1)
    )


def current_record(session: Session, change: ChangeRecord) -> Any | None:
    """The record ``change`` is about as it exists now (found by uid), or ``None`` if gone."""
    from tracker.services.records import service_for

    model = service_for(change.record_kind).model
    return session.scalar(select(model).where(model.uid == change.record_uid))


@dataclass(frozen=True)
class ChangeFilter:
    """What the recent-changes page was asked for; ``None`` means any."""

    actor_id: int | None = None
    kind: str | None = None
    action: ChangeAction | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    corrections_only: bool = False
    #: kinds of record the reader may not see the history of (accounts, for non-admins: see
    #: :mod:`tracker.services.access`)
    hidden_kinds: tuple[str, ...] = ()


def recent_changes(
    session: Session, wanted: ChangeFilter, limit: int = 50, offset: int = 0
) -> tuple[list[ChangeRecord], int]:
    """The newest changes across the site matching ``wanted``, and how many match in all.

    ``since`` and ``until`` are whole UTC days, both included."""
    conditions = []
    if wanted.actor_id is not None:
        conditions.append(ChangeRecord.actor_id == wanted.actor_id)
    if wanted.kind:
        conditions.append(ChangeRecord.record_kind == wanted.kind)
    if wanted.action is not None:
        conditions.append(ChangeRecord.action == wanted.action)
    if wanted.since is not None:
        conditions.append(ChangeRecord.changed_at >= _day_start(wanted.since))
    if wanted.until is not None:
        conditions.append(ChangeRecord.changed_at < _day_start(wanted.until + dt.timedelta(1)))
    if wanted.corrections_only:
        conditions.append(ChangeRecord.is_correction.is_(True))
    if wanted.hidden_kinds:
        conditions.append(ChangeRecord.record_kind.not_in(wanted.hidden_kinds))
    where = and_(True, *conditions)
    total = session.scalar(select(func.count(ChangeRecord.id)).where(where)) or 0
    rows = session.scalars(
        select(ChangeRecord)
        .where(where)
        .order_by(ChangeRecord.changed_at.desc(), ChangeRecord.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def corrections_since(
    session: Session,
    since: dt.datetime | None = None,
    kinds: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[ChangeRecord]:
    """Published corrections, newest first: for the timeline and the Atom feed.

    Each row names the corrected record (``record_kind``, ``record_id``, ``record_uid``,
    ``record_label``), when (``changed_at``, UTC) and the public ``correction_note``. ``since``
    (timezone-aware) keeps only corrections made after it; ``kinds`` ("statement", "outcome",
    "development", ...) keeps only those kinds of record.
    """
    statement = select(ChangeRecord).where(ChangeRecord.is_correction.is_(True))
    if since is not None:
        statement = statement.where(ChangeRecord.changed_at > since)
    if kinds:
        statement = statement.where(ChangeRecord.record_kind.in_(list(kinds)))
    statement = statement.order_by(ChangeRecord.changed_at.desc(), ChangeRecord.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def corrections_of(session: Session, kind: str, record_ids: Iterable[int]) -> list[ChangeRecord]:
    """Every published correction of these records of one kind, newest first (one query): what
    a record's page, and its person's page for a title, show readers."""
    ids = list(record_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(ChangeRecord)
            .where(
                ChangeRecord.is_correction.is_(True),
                ChangeRecord.record_kind == kind,
                ChangeRecord.record_id.in_(ids),
            )
            .order_by(ChangeRecord.changed_at.desc(), ChangeRecord.id.desc())
        )
    )


def latest_corrections(
    session: Session, kind: str, record_ids: Iterable[int]
) -> dict[int, ChangeRecord]:
    """The most recent correction of each of these records (one query), keyed by record id."""
    from tracker.services.records import service_for

    ids = list(record_ids)
    if not ids:
        return {}
    records = service_for(kind).model.__table__
    found: dict[int, ChangeRecord] = {}
    for change in session.scalars(
        select(ChangeRecord)
        .join(
            records,
            and_(records.c.id == ChangeRecord.record_id, records.c.uid == ChangeRecord.record_uid),
        )
        .where(
            ChangeRecord.is_correction.is_(True),
            ChangeRecord.record_kind == kind,
            ChangeRecord.record_id.in_(ids),
        )
        .order_by(ChangeRecord.changed_at, ChangeRecord.id)
    ):
        found[change.record_id] = change
    return found


def editors(session: Session) -> list[User]:
    """Everyone who has changed something, for the recent-changes filter."""
    return list(
        session.scalars(
            select(User)
            .where(User.id.in_(select(ChangeRecord.actor_id).distinct()))
            .order_by(User.name)
        )
    )


def recorded_kinds(session: Session, hidden_kinds: Sequence[str] = ()) -> list[str]:
    """The kinds of record with a history, minus ``hidden_kinds``."""
    return list(
        session.scalars(
            select(ChangeRecord.record_kind)
            .where(ChangeRecord.record_kind.not_in(hidden_kinds))
            .distinct()
            .order_by(ChangeRecord.record_kind)
        )
    )


def state_at(session: Session, kind: str, record_id: int, version: int) -> dict[str, Any] | None:
    """The record as it stood at ``version``, from the newest change that left it there."""
    change = session.scalar(
        select(ChangeRecord)
        .where(
            ChangeRecord.record_kind == kind,
            ChangeRecord.record_uid == record_uid(session, kind, record_id),
            ChangeRecord.version == version,
            ChangeRecord.action != ChangeAction.DELETE,
        )
        .order_by(ChangeRecord.id.desc())
        .limit(1)
    )
    return dict(change.snapshot) if change is not None else None


# -- merging after a conflict -----------------------------------------------------------


@dataclass(frozen=True)
class FieldMerge:
    """One field of a conflict: the editor's value, the current one, and what the merge keeps.

    ``clash`` is true when both sides changed the field differently: the editor must choose.
    """

    name: str
    mine: Any
    theirs: Any
    base: Any
    take_theirs: bool
    clash: bool

    @property
    def differs(self) -> bool:
        return self.mine != self.theirs


def merge(
    mine: Mapping[str, Any], theirs: Mapping[str, Any], base: Mapping[str, Any] | None
) -> list[FieldMerge]:
    """A three-way merge of form values (all as :func:`to_json` gives them).

    A field only the other editor changed takes their value; a field only this editor changed
    keeps theirs; a field both changed differently is a clash, kept as this editor typed it.
    Without the base version every difference is a clash.
    """
    merged = []
    for name in mine:
        mine_value, theirs_value = mine[name], theirs.get(name)
        known = base is not None and name in base
        base_value = base.get(name) if base is not None else None
        take_theirs = known and mine_value == base_value and theirs_value != base_value
        clash = (
            mine_value != theirs_value
            and not take_theirs
            and not (known and theirs_value == base_value)
        )
        merged.append(FieldMerge(name, mine_value, theirs_value, base_value, take_theirs, clash))
    return merged


# -- undoing: restore and rollback (admins only) -------------------------------------------


def restore(session: Session, actor: User | None, change: ChangeRecord, note: str | None = None):
    """Bring back the record ``change`` deleted, with its uid, the links other records had to
    it, and the records deleted along with it (and their links). Returns the restored record.

    Each comes back under its old id, or under a new one should that id belong to another
    record: the uid says which record is which, never the id.

    :raise RuleViolation: when the record exists again or can no longer be rebuilt.
    """
    from tracker.services.records import service_for

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
    from tracker.services.records import service_for

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
    from tracker.services.records import service_for

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


def find_change(session: Session, change_id: int) -> ChangeRecord:
    """:raise RecordNotFound: when there is no such change."""
    change = session.get(ChangeRecord, change_id)
    if change is None:
        raise RecordNotFound("change", change_id)
    return change


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


# -- presenting changes ---------------------------------------------------------------------


def related_labels(
    session: Session, changes: Iterable[ChangeRecord]
) -> dict[tuple[str, str, int], str]:
    """Names for the ids in these changes' diffs (``venue_id`` 3 -> "Muscat"), keyed by
    ``(kind, field, id)``, in one query per kind of related record."""
    from tracker.services.records import service_for

    wanted: dict[type[Record], set[int]] = {}
    fields: list[tuple[str, str, type[Record]]] = []
    for change in changes:
        try:
            service = service_for(change.record_kind)
        except RecordNotFound:
            continue
        related = {**service.references}
        related.update({key: model for key, (_attr, model) in service.collections.items()})
        for field, values in change.changes.items():
            model = related.get(field)
            if model is None:
                continue
            fields.append((change.record_kind, field, model))
            for value in values:
                for identifier in value if isinstance(value, list) else [value]:
                    if isinstance(identifier, int):
                        wanted.setdefault(model, set()).add(identifier)
    names: dict[type[Record], dict[int, str]] = {
        model: {row.id: str(row) for row in session.scalars(select(model).where(model.id.in_(ids)))}
        for model, ids in wanted.items()
    }
    return {
        (kind, field, identifier): names[model].get(identifier, f"#{identifier} (deleted)")
        for kind, field, model in fields
        for identifier in wanted.get(model, ())
    }
