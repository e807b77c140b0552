"""The negotiation the newsroom follows, its rounds, who sits at each and how rounds moved."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, Record, utcnow
from tracker.models.dating import VaguelyDated
from tracker.models.enums import (
    ParticipationRole,
    RoundFormat,
    RoundStatus,
    enum_column_type,
)
from tracker.models.links import (
    negotiation_parties,
    participation_sources,
    round_sources,
    round_topics,
)

if TYPE_CHECKING:
    from tracker.models.actors import Organisation, Person
    from tracker.models.facts import Development, ReportedOutcome, Statement, Topic
    from tracker.models.places import Venue
    from tracker.models.sources import Source


class Negotiation(Record, Base):
    """A process the newsroom follows, such as the 2025 Iran–US indirect talks."""

    __tablename__ = "negotiation"

    title: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    summary: Mapped[str | None] = mapped_column(Text)

    parties: Mapped[list[Organisation]] = relationship(
        secondary=negotiation_parties, order_by="Organisation.name"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="negotiation",
        cascade="all, delete-orphan",
        order_by="(Round.when_earliest, Round.number, Round.id)",
    )
    developments: Mapped[list[Development]] = relationship(
        back_populates="negotiation",
        cascade="all, delete-orphan",
        order_by="(Development.when_earliest, Development.id)",
    )

    def __str__(self) -> str:
        return self.title


class Round(VaguelyDated, Record, Base):
    """One round of talks: when and where, in what format, through which mediator."""

    __tablename__ = "round"
    __table_args__ = (
        UniqueConstraint("negotiation_id", "number", name="uq_round_negotiation_number"),
        CheckConstraint("number IS NULL OR number > 0", name="positive_number"),
    )

    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiation.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int | None]
    title: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[RoundStatus] = mapped_column(
        enum_column_type(RoundStatus, "round_status"), default=RoundStatus.ANNOUNCED, index=True
    )
    format: Mapped[RoundFormat] = mapped_column(
        enum_column_type(RoundFormat, "round_format"), default=RoundFormat.UNKNOWN
    )
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )
    mediator_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    summary: Mapped[str | None] = mapped_column(Text)

    negotiation: Mapped[Negotiation] = relationship(back_populates="rounds")
    venue: Mapped[Venue | None] = relationship()
    mediator: Mapped[Organisation | None] = relationship()
    participations: Mapped[list[Participation]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    outcomes: Mapped[list[ReportedOutcome]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    statements: Mapped[list[Statement]] = relationship(
        back_populates="round", order_by="(Statement.when_earliest, Statement.id)"
    )
    schedule_changes: Mapped[list[RoundScheduleChange]] = relationship(
        back_populates="round",
        cascade="all, delete-orphan",
        order_by="RoundScheduleChange.recorded_at",
    )
    sources: Mapped[list[Source]] = relationship(secondary=round_sources)
    agenda: Mapped[list[Topic]] = relationship(secondary=round_topics, order_by="Topic.name")

    @property
    def label(self) -> str:
        if self.number is not None and self.title:
            return f"Round {self.number}: {self.title}"
        if self.number is not None:
            return f"Round {self.number}"
        return self.title or "Unnumbered round"

    @property
    def label_with_negotiation(self) -> str:
        """“Round 3 — Iran–US talks 2026”: the label where several negotiations' rounds mix."""
        return f"{self.label} — {self.negotiation.title}"

    @property
    def is_closed(self) -> bool:
        return self.status is RoundStatus.CANCELLED

    def __str__(self) -> str:
        return f"{self.negotiation.title} — {self.label}" if self.negotiation else self.label


class RoundScheduleChange(Base):
    """The date, venue and status a round had before it was moved, postponed or cancelled.

    Not a :class:`Record`: an entry here is history and is never edited. ``announced_on`` and
    ``announced_by`` say when and through which source the change became known, which for
    back-filled history is not the day it was typed in (``recorded_at``).
    """

    __tablename__ = "round_schedule_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    previous_status: Mapped[RoundStatus] = mapped_column(
        enum_column_type(RoundStatus, "previous_round_status")
    )
    new_status: Mapped[RoundStatus] = mapped_column(
        enum_column_type(RoundStatus, "new_round_status")
    )
    previous_when_edtf: Mapped[str | None] = mapped_column(String(64))
    previous_when_text: Mapped[str | None] = mapped_column(String(200))
    new_when_edtf: Mapped[str | None] = mapped_column(String(64))
    previous_venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL")
    )
    new_venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    announced_on: Mapped[dt.date | None]
    announced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL")
    )

    round: Mapped[Round] = relationship(back_populates="schedule_changes")
    previous_venue: Mapped[Venue | None] = relationship(foreign_keys=[previous_venue_id])
    new_venue: Mapped[Venue | None] = relationship(foreign_keys=[new_venue_id])
    announced_by: Mapped[Source | None] = relationship()

    @property
    def announced_day(self) -> dt.date:
        """The day the change became known: as announced, else the day it was recorded."""
        return self.announced_on or self.recorded_at.date()


class Participation(Record, Base):
    """A person at a round, in a role, for a side."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("round_id", "person_id", name="uq_participation_round_person"),
    )

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipationRole] = mapped_column(
        enum_column_type(ParticipationRole, "participation_role"),
        default=ParticipationRole.DELEGATE,
    )
    side_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)

    round: Mapped[Round] = relationship(back_populates="participations")
    person: Mapped[Person] = relationship(back_populates="participations")
    side: Mapped[Organisation | None] = relationship()
    sources: Mapped[list[Source]] = relationship(secondary=participation_sources)

    def __str__(self) -> str:
        """How history and pickers name a seat at the table: "<person> at <round label>"."""
        return f"{self.person} at {self.round.label}"
