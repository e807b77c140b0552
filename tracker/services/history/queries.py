"""Reading the history: a record's changes, the site's recent changes, the corrections
readers see, a record as it stood at a version, and names for the ids in a diff.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from tracker.db import Record
from tracker.models import ChangeAction, ChangeRecord, User
from tracker.services.errors import RecordNotFound
from tracker.services.registry import service_for


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


def find_change(session: Session, change_id: int) -> ChangeRecord:
    """:raise RecordNotFound: when there is no such change."""
    change = session.get(ChangeRecord, change_id)
    if change is None:
        raise RecordNotFound("change", change_id)
    return change


def related_labels(
    session: Session, changes: Iterable[ChangeRecord]
) -> dict[tuple[str, str, int], str]:
    """Names for the ids in these changes' diffs (``venue_id`` 3 -> "Muscat"), keyed by
    ``(kind, field, id)``, in one query per kind of related record."""
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
