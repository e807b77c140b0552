"""What gets published: reported outcomes, statements, developments, and the topics they touch.

Each of these carries a verification status and cites its sources; the rule that a published
fact needs a source is enforced in :mod:`tracker.services`, where every door passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, Record
from tracker.models.dating import VaguelyDated
from tracker.models.enums import (
    Attribution,
    SpeechKind,
    Stance,
    Verification,
    enum_column_type,
)
from tracker.models.links import (
    development_organisations,
    development_people,
    development_sources,
    development_topics,
    outcome_sources,
    outcome_topics,
    statement_sources,
    statement_topics,
)

if TYPE_CHECKING:
    from tracker.models.actors import Organisation, Person
    from tracker.models.negotiations import Negotiation, Round
    from tracker.models.sources import Source


class Topic(Record, Base):
    """An agenda item: Iraq's armed factions, the PMF, enrichment, sanctions."""

    __tablename__ = "topic"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_original: Mapped[str | None] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str | None] = mapped_column(Text)

    def __str__(self) -> str:
        return self.name


def verification_column() -> Mapped[Verification]:
    return mapped_column(
        enum_column_type(Verification, "verification"),
        default=Verification.REPORTED,
        index=True,
    )


class ReportedOutcome(VaguelyDated, Record, Base):
    """What a round was reported to have produced, by whom, and how far that is verified."""

    __tablename__ = "reported_outcome"

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    reported_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    verification: Mapped[Verification] = verification_column()
    correction_note: Mapped[str | None] = mapped_column(Text)

    round: Mapped[Round] = relationship(back_populates="outcomes")
    reported_by: Mapped[Organisation | None] = relationship()
    reported_by_person: Mapped[Person | None] = relationship()
    sources: Mapped[list[Source]] = relationship(secondary=outcome_sources)
    topics: Mapped[list[Topic]] = relationship(secondary=outcome_topics, order_by="Topic.name")

    def __str__(self) -> str:
        return self.summary[:80]


class Statement(VaguelyDated, Record, Base):
    """Words someone said, exactly as published, with who they were when they said them."""

    __tablename__ = "statement"

    negotiation_id: Mapped[int | None] = mapped_column(
        ForeignKey("negotiation.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="SET NULL"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    speaker_description: Mapped[str | None] = mapped_column(String(200))
    speaker_role: Mapped[str | None] = mapped_column(String(200))
    speaker_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    text_original: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text_translation: Mapped[str | None] = mapped_column(Text)
    #: where or how it was said: "press conference in Muscat", "interview with state TV"
    occasion: Mapped[str | None] = mapped_column(String(300))
    speech: Mapped[SpeechKind] = mapped_column(
        enum_column_type(SpeechKind, "speech_kind"), default=SpeechKind.DIRECT
    )
    attribution: Mapped[Attribution] = mapped_column(
        enum_column_type(Attribution, "attribution"), default=Attribution.ON_RECORD
    )
    stance: Mapped[Stance | None] = mapped_column(enum_column_type(Stance, "stance"))
    verification: Mapped[Verification] = verification_column()
    correction_note: Mapped[str | None] = mapped_column(Text)

    negotiation: Mapped[Negotiation | None] = relationship()
    round: Mapped[Round | None] = relationship(back_populates="statements")
    speaker: Mapped[Person | None] = relationship(back_populates="statements")
    speaker_organisation: Mapped[Organisation | None] = relationship()
    sources: Mapped[list[Source]] = relationship(secondary=statement_sources)
    topics: Mapped[list[Topic]] = relationship(secondary=statement_topics, order_by="Topic.name")

    @property
    def speaker_label(self) -> str:
        """Who said it as a reader should see it: a name and role, or the anonymous wording."""
        if self.attribution is Attribution.ANONYMOUS or self.speaker is None:
            return self.speaker_description or "Unnamed source"
        role = self.role_at_the_time
        return f"{self.speaker.name}, {role}" if role else self.speaker.name

    @property
    def role_at_the_time(self) -> str | None:
        """The role as published when the editor gave one, else the title held that day.

        Never an anonymous speaker's role or title, even one kept from when the statement was
        on the record: that would point at who they are."""
        if self.attribution is Attribution.ANONYMOUS:
            return None
        if self.speaker_role:
            return self.speaker_role
        if self.speaker is None:
            return None
        title = self.speaker.title_on(self.when_earliest)
        return title.title if title else None

    def __str__(self) -> str:
        return f"{self.speaker_label}: {self.text_original[:60]}"


class Development(VaguelyDated, Record, Base):
    """A dated timeline entry not tied to one round: "third round set for next weekend"."""

    __tablename__ = "development"

    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiation.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="SET NULL"), index=True
    )
    headline: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    verification: Mapped[Verification] = verification_column()
    correction_note: Mapped[str | None] = mapped_column(Text)

    negotiation: Mapped[Negotiation] = relationship(back_populates="developments")
    round: Mapped[Round | None] = relationship()
    sources: Mapped[list[Source]] = relationship(secondary=development_sources)
    topics: Mapped[list[Topic]] = relationship(secondary=development_topics, order_by="Topic.name")
    people: Mapped[list[Person]] = relationship(secondary=development_people)
    organisations: Mapped[list[Organisation]] = relationship(secondary=development_organisations)

    def __str__(self) -> str:
        return self.headline
