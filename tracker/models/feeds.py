"""Feed secrets: how a calendar app or feed reader, which cannot sign in, reads one feed.

A secret travels in the feed's URL and opens that one feed of that one negotiation, nothing
else. Only its SHA-256 is stored, so a leaked database does not leak working feed URLs; the
owner sees the URL once, when it is made, and can revoke it at any time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, utcnow
from tracker.models.enums import Label, enum_column_type

if TYPE_CHECKING:
    from tracker.models.accounts import User
    from tracker.models.negotiations import Negotiation


class FeedKind(Label):
    CALENDAR = "calendar"  # iCalendar: scheduled and held rounds
    ATOM = "atom"  # Atom: new and corrected entries


def new_feed_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_feed_secret(secret: str) -> str:
    """Secrets are long and random, so a fast hash is enough to make the stored value useless."""
    return hashlib.sha256(secret.encode()).hexdigest()


class FeedToken(Base):
    """One user's secret for one feed of one negotiation; revoked secrets stay listed."""

    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FeedKind] = mapped_column(enum_column_type(FeedKind, "feed_kind"))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
    negotiation: Mapped[Negotiation] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
