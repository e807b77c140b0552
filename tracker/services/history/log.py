"""Writing the history: one row per change, added by the record services in the same
transaction as the change itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tracker.models import ChangeAction, ChangeRecord, User
from tracker.services.history.snapshots import HIDDEN, diff

if TYPE_CHECKING:
    from tracker.services.records import RecordService


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
        record_label=label_of(record),
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


def label_of(record: Any) -> str:
    try:
        return str(record)[:300]
    except Exception:  # a half-built record may not know its own name; the id will do
        return f"#{record.id}"
