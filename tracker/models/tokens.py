"""Personal API tokens: how a script reads the tracker on someone's behalf.

Only a hash of each token is stored, so a leaked database does not leak working tokens. Not a
:class:`~tracker.db.Record`: a token is never edited, and stamping ``last_used_at`` on every
request must not race with optimistic locking.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, utcnow

if TYPE_CHECKING:
    from tracker.models.accounts import User


class ApiToken(Base):
    """A named token a user created for a script; revoked tokens stay listed as history."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 of the whole token: tokens are long and random, so a fast hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown on the profile page so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __str__(self) -> str:
        return self.name
