"""Who takes part: organisations, people and the titles people hold over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, Record
from tracker.models.enums import OrganisationKind, enum_column_type

if TYPE_CHECKING:
    from tracker.models.facts import Statement
    from tracker.models.negotiations import Participation


class Organisation(Record, Base):
    """A state, mediator, armed group, outlet, think tank or international body."""

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_original: Mapped[str | None] = mapped_column(String(200))
    abbreviation: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column_type(OrganisationKind, "organisation_kind"), default=OrganisationKind.OTHER
    )
    country_code: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(Text)

    people: Mapped[list[Person]] = relationship(back_populates="organisation")

    def __str__(self) -> str:
        return self.name


class Person(Record, Base):
    """Someone who negotiates, mediates, comments or is quoted."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(200), index=True)
    name_original: Mapped[str | None] = mapped_column(String(200))
    name_original_language: Mapped[str | None] = mapped_column(String(16))
    #: other spellings of the name (transliterations, misspellings seen in print), one a line
    aliases: Mapped[str | None] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    titles: Mapped[list[PersonTitle]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="PersonTitle.valid_from.desc()",
    )
    participations: Mapped[list[Participation]] = relationship(back_populates="person")
    statements: Mapped[list[Statement]] = relationship(
        back_populates="speaker", order_by="(Statement.when_earliest, Statement.id)"
    )

    @property
    def alias_list(self) -> list[str]:
        """The other spellings, one per non-blank line."""
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]

    def title_on(self, day: dt.date | None) -> PersonTitle | None:
        """The title held on ``day`` (the latest one when the day is unknown)."""
        candidates = [title for title in self.titles if day is None or title.covers(day)]
        if not candidates:
            return None
        return max(candidates, key=lambda title: title.valid_from or dt.date.min)

    def __str__(self) -> str:
        return self.name


class PersonTitle(Record, Base):
    """A role someone held for a while, so a quote shows the speaker's role as of its date."""

    __tablename__ = "person_title"
    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="valid_range"
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]

    person: Mapped[Person] = relationship(back_populates="titles")
    organisation: Mapped[Organisation | None] = relationship()

    def covers(self, day: dt.date) -> bool:
        starts = self.valid_from or dt.date.min
        ends = self.valid_to or dt.date.max
        return starts <= day <= ends

    def __str__(self) -> str:
        return self.title
