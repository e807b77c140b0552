"""Where each party stands on a topic, and how that moved from round to round.

A party is the organisation a speaker spoke for (the statement's own organisation, else the
speaker's), so Washington's, Tehran's and the analysts' words on Iraq's armed factions line up
side by side, each placed in the stretch of talks it falls in: before the first round, at a
round, or after one round and before the next.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import Person, Round, Statement, Topic
from tracker.models.links import statement_topics
from tracker.services.access import VIEWER, Reader, speaker_hidden
from tracker.services.wording import N_

NO_PARTY = N_("No affiliation recorded")


@dataclass
class Position:
    """One statement on the topic, placed in the talks."""

    statement: Statement
    #: the stretch of talks, as wording to translate and the round labels that fill it in
    period_wording: str
    period_rounds: dict[str, str] = field(default_factory=dict)

    @property
    def period(self) -> str:
        """The stretch of talks in English: "At Round 2: Rome", "Before any round"."""
        return self.period_wording % self.period_rounds


@dataclass
class PartyPositions:
    party: str
    organisation_id: int | None
    positions: list[Position] = field(default_factory=list)

    @property
    def stances(self) -> list[tuple[str, int]]:
        """How often the party took each stance, most frequent first."""
        counted = Counter(p.statement.stance.label for p in self.positions if p.statement.stance)
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))

    @property
    def periods(self) -> list[tuple[str, list[Position]]]:
        """The positions grouped by stretch of talks, in time order."""
        grouped: dict[str, list[Position]] = {}
        for position in self.positions:
            grouped.setdefault(position.period, []).append(position)
        return list(grouped.items())


def _period(statement: Statement, rounds: list[Round]) -> tuple[str, dict[str, str]]:
    if statement.round is not None:
        return N_("At %(round)s"), {"round": statement.round.label}
    day = statement.when_earliest
    if day is None or not rounds:
        return (N_("Undated") if day is None else N_("Before any round")), {}
    latest = statement.when_latest or day
    within = [r for r in rounds if r.when_earliest is not None and day < r.when_earliest <= latest]
    if within:  # a vague date ("April 2025") that spans rounds cannot be placed between them
        if len(within) == 1:
            return N_("Around %(round)s"), {"round": within[0].label}
        return N_("Around %(first)s – %(last)s"), {
            "first": within[0].label,
            "last": within[-1].label,
        }
    before = [r for r in rounds if r.when_earliest is not None and r.when_earliest <= day]
    if not before:
        return N_("Before %(round)s"), {"round": rounds[0].label}
    return N_("After %(round)s"), {"round": before[-1].label}


def topic_positions(
    session: Session, topic: Topic, reader: Reader = VIEWER
) -> list[PartyPositions]:
    """Every statement on ``topic``, party by party, oldest first within each party.

    An anonymous statement counts for the organisation it was published as speaking for; only
    a ``reader`` who may know the speaker sees it placed by the speaker's own organisation."""
    statements = list(
        session.scalars(
            select(Statement)
            .join(statement_topics, statement_topics.c.statement_id == Statement.id)
            .where(statement_topics.c.topic_id == topic.id)
            .options(
                joinedload(Statement.speaker).joinedload(Person.organisation),
                joinedload(Statement.speaker).selectinload(Person.titles),
                joinedload(Statement.speaker_organisation),
                joinedload(Statement.round),
                selectinload(Statement.sources),
            )
            .order_by(Statement.when_earliest.nulls_last(), Statement.id)
        ).unique()
    )
    negotiation_ids = {s.negotiation_id for s in statements if s.negotiation_id is not None}
    rounds_by_negotiation: dict[int, list[Round]] = defaultdict(list)
    if negotiation_ids:
        for r in session.scalars(
            select(Round)
            .where(Round.negotiation_id.in_(negotiation_ids), Round.when_earliest.is_not(None))
            .order_by(Round.when_earliest, Round.number)
        ):
            rounds_by_negotiation[r.negotiation_id].append(r)
    parties: dict[int | None, PartyPositions] = {}
    for statement in statements:
        speaker = None if speaker_hidden(statement, reader) else statement.speaker
        organisation = statement.speaker_organisation or (speaker.organisation if speaker else None)
        key = organisation.id if organisation else None
        if key not in parties:
            parties[key] = PartyPositions(organisation.name if organisation else NO_PARTY, key)
        rounds = rounds_by_negotiation.get(statement.negotiation_id or 0, [])
        parties[key].positions.append(Position(statement, *_period(statement, rounds)))
    return sorted(
        parties.values(), key=lambda p: (p.organisation_id is None, -len(p.positions), p.party)
    )
