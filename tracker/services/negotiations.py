"""Services for negotiations, their rounds and who took part.

Rules that live here: a round's number is unique within its negotiation; when a round is
moved, postponed or cancelled its earlier date, venue and status stay on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Negotiation,
    Organisation,
    Participation,
    Person,
    Round,
    RoundScheduleChange,
    RoundStatus,
    Source,
    Statement,
    Topic,
    User,
    Venue,
)
from tracker.services.catalogue import slugify, unique_slug
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService
from tracker.services.wording import N_


class NegotiationService(RecordService[Negotiation]):
    model = Negotiation
    kind = "negotiation"
    collections = {"party_ids": ("parties", Organisation)}
    unique_messages = {
        "title": N_("A negotiation with this title already exists."),
        "slug": N_("Another negotiation already uses this short name."),
    }

    def check(self, session: Session, record: Negotiation, values: dict, creating: bool) -> None:
        if not values.get("slug") and (values.get("title") or record.title):
            title = values.get("title") or record.title
            values["slug"] = unique_slug(session, Negotiation, slugify(title), record.id)


class RoundService(RecordService[Round]):
    model = Round
    kind = "round"
    references = {"negotiation_id": Negotiation, "venue_id": Venue, "mediator_id": Organisation}
    collections = {"source_ids": ("sources", Source), "topic_ids": ("agenda", Topic)}

    def check(self, session: Session, record: Round, values: dict, creating: bool) -> None:
        number = values.get("number", record.number)
        negotiation_id = values.get("negotiation_id", record.negotiation_id)
        if number is not None and negotiation_id is not None:
            clash = session.scalar(
                select(Round.id).where(
                    Round.negotiation_id == negotiation_id,
                    Round.number == number,
                    Round.id != record.id,
                )
            )
            if clash is not None:
                raise RuleViolation(
                    N_("This negotiation already has a round %(number)s."), "number", number=number
                )

    def before_update(
        self,
        session: Session,
        actor: User | None,
        record: Round,
        values: dict,
        note: str | None,
    ) -> None:
        """Keep the date, venue and status a round had before it was moved or called off."""
        moved = any(
            field in values and values[field] != getattr(record, field)
            for field in ("when_edtf", "venue_id")
        )
        try:
            status = RoundStatus(values.get("status", record.status))
        except ValueError:
            return  # not a status at all: applying the values refuses it by name
        called_off = status in (RoundStatus.POSTPONED, RoundStatus.CANCELLED) and (
            status != record.status
        )
        if not (moved or called_off):
            return
        record.schedule_changes.append(
            RoundScheduleChange(
                recorded_by_id=actor.id if actor else None,
                previous_status=record.status,
                new_status=status,
                previous_when_edtf=record.when_edtf,
                previous_when_text=record.when_text,
                new_when_edtf=values.get("when_edtf", record.when_edtf),
                previous_venue_id=record.venue_id,
                new_venue_id=values.get("venue_id", record.venue_id),
                note=note,
            )
        )


def several_negotiations(session: Session) -> bool:
    """Whether a round must name its negotiation to be told apart from another's round 3."""
    return (session.scalar(select(func.count(Negotiation.id))) or 0) > 1


def next_round_defaults(session: Session, negotiation: Negotiation) -> dict[str, Any]:
    """What a new round of ``negotiation`` most likely looks like: the next number, the last
    mediator and format, and the last venue used (a just-announced round often has none yet)."""
    highest = session.scalar(
        select(func.max(Round.number)).where(Round.negotiation_id == negotiation.id)
    )
    latest_first = (
        select(Round)
        .where(Round.negotiation_id == negotiation.id)
        .order_by(Round.number.desc().nulls_last(), Round.id.desc())
        .limit(1)
    )
    last = session.scalars(latest_first).first()
    last_with_venue = session.scalars(latest_first.where(Round.venue_id.is_not(None))).first()
    defaults: dict[str, Any] = {"negotiation_id": negotiation.id, "number": (highest or 0) + 1}
    if last is not None:
        defaults.update(mediator_id=last.mediator_id, format=last.format)
    if last_with_venue is not None:
        defaults["venue_id"] = last_with_venue.venue_id
    return defaults


class ParticipationService(RecordService[Participation]):
    model = Participation
    kind = "participation"
    references = {"round_id": Round, "person_id": Person, "side_id": Organisation}
    collections = {"source_ids": ("sources", Source)}

    def check(self, session: Session, record: Participation, values: dict, creating: bool) -> None:
        round_id = values.get("round_id", record.round_id)
        person_id = values.get("person_id", record.person_id)
        clash = session.scalar(
            select(Participation.id).where(
                Participation.round_id == round_id,
                Participation.person_id == person_id,
                Participation.id != record.id,
            )
        )
        if clash is not None:
            raise RuleViolation(N_("This person is already listed for this round."), "person_id")


negotiations = NegotiationService()
rounds = RoundService()
participations = ParticipationService()


def statements_around(session: Session, round_: Round, days: int = 7) -> list[Statement]:
    """Statements of the round's negotiation that no round claims, dated within ``days`` of it.

    Vague dates count when they overlap the window: a quote known only as "April 2025" may
    well have been made around a round held that April, and a reporter should see it.
    """
    if round_.when_earliest is None:
        return []
    window_start = round_.when_earliest - dt.timedelta(days=days)
    window_end = (round_.when_latest or round_.when_earliest) + dt.timedelta(days=days)
    statement = (
        select(Statement)
        .where(
            Statement.negotiation_id == round_.negotiation_id,
            Statement.round_id.is_(None),
            Statement.when_earliest <= window_end,
            Statement.when_latest >= window_start,
        )
        .options(
            joinedload(Statement.speaker).selectinload(Person.titles),
            selectinload(Statement.sources),
        )
        .order_by(Statement.when_earliest, Statement.id)
    )
    return list(session.scalars(statement))
