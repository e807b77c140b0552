"""Where a fact was reported: every published fact cites at least one source."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, Record

if TYPE_CHECKING:
    from tracker.models.actors import Organisation


class Source(Record, Base):
    """An article, broadcast, statement or document that reported something."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(
            "accessed_on IS NULL OR published_on IS NULL OR accessed_on >= published_on",
            name="accessed_after_published",
        ),
    )

    outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    headline: Mapped[str] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    published_on: Mapped[dt.date | None] = mapped_column(index=True)
    accessed_on: Mapped[dt.date | None]
    archive_url: Mapped[str | None] = mapped_column(String(2000))
    notes: Mapped[str | None] = mapped_column(Text)

    outlet: Mapped[Organisation | None] = relationship()

    def __str__(self) -> str:
        outlet = f"{self.outlet.name}: " if self.outlet else ""
        return f"{outlet}{self.headline}"
