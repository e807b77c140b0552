"""The edit history: one row per create, update, delete, restore or rollback of any record.

Rows are written by :mod:`tracker.services.records` in the same transaction as the change they
describe and are never edited afterwards, so the history is as trustworthy as the data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, utcnow
from tracker.models.accounts import User
from tracker.models.enums import Label, enum_column_type


class ChangeAction(Label):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"  # a deleted record brought back by an admin
    ROLLBACK = "rollback"  # a record set back to an earlier version by an admin

    @property
    def past_tense(self) -> str:
        return {
            "create": "created",
            "update": "edited",
            "delete": "deleted",
            "restore": "restored",
            "rollback": "rolled back",
        }[self.value]


class ChangeRecord(Base):
    """Who changed which record when, from what to what, and why.

    ``changes`` maps a field to ``[old, new]`` (JSON values); ``snapshot`` is every field after
    the change (before it, for a delete), enough to restore or roll back to. A correction carries
    a public ``correction_note`` that readers see on the timeline and in the feed.
    """

    __tablename__ = "change_record"
    __table_args__ = (Index("ix_change_record_record", "record_kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Kept apart from the account so the history still names people whose account was removed.
    actor_name: Mapped[str | None] = mapped_column(String(200))
    record_kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    record_uid: Mapped[uuid.UUID | None] = mapped_column(index=True)
    record_label: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[ChangeAction] = mapped_column(enum_column_type(ChangeAction, "change_action"))
    #: the record's version after the change (before it, for a delete)
    version: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    is_correction: Mapped[bool] = mapped_column(default=False, index=True)
    correction_note: Mapped[str | None] = mapped_column(Text)
    #: the change that brought this one along (a round deleted with its negotiation)
    caused_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_record.id", ondelete="SET NULL"), index=True
    )

    actor: Mapped[User | None] = relationship()
    caused_by: Mapped[ChangeRecord | None] = relationship(remote_side=[id])

    @property
    def who(self) -> str:
        return self.actor_name or "the system"

    def __str__(self) -> str:
        return f"{self.record_kind} {self.record_id} {self.action.past_tense} by {self.who}"
