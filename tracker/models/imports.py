"""CSV files waiting between their import preview and the editor's confirmation.

Kept in the database rather than on one host's disk, so the confirmation may reach any host
behind the load balancer. Not a :class:`~tracker.db.Record`: a preview is never edited and
has no history; it is deleted once imported, and expires.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, utcnow

if TYPE_CHECKING:
    from tracker.models.accounts import User


class ImportPreview(Base):
    """An uploaded file its owner previewed and may now import, until ``expires_at``."""

    __tablename__ = "import_preview"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A random ticket in the preview page's form; only its owner can redeem it.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    create_missing: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)

    owner: Mapped[User] = relationship()
