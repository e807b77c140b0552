"""Services for negotiations, their rounds and who took part.

Rules that live here: a round has a number, or a title when it has none, and its number is
unique within its negotiation; when a round is moved, postponed or cancelled its earlier date,
venue and status stay on record, with when and by whom the change was announced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.dates import InvalidDate, parse_vague_date
from tracker.db import utcnow
from tracker.models import (
    ChangeAction,
    ChangeRecord,
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
        if number is None and not values.get("title", record.title):
            raise RuleViolation(
                N_("Give the round its number, or a title when it has none (talks in between)."),
                "number",
            )
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

    def insert(
        self,
        session: Session,
        actor: User | None,
        values: Mapping[str, Any],
        action: ChangeAction = ChangeAction.CREATE,
        note: str | None = None,
        caused_by: ChangeRecord | None = None,
    ) -> tuple[Round, ChangeRecord]:
        """A new round has no schedule to change: announcement values are not its fields."""
        kept = {key: value for key, value in values.items() if key not in ANNOUNCEMENT_FIELDS}
        return super().insert(session, actor, kept, action, note, caused_by)

    def before_update(
        self,
        session: Session,
        actor: User | None,
        record: Round,
        values: dict,
        note: str | None,
    ) -> None:
        """Keep the date, venue and status a round had before it was moved or called off, with
        the day it was announced (``announced_on``, today when not given) and the source that
        announced it (``announced_by_id``). Holding a round on the day it was expected is not
        a change of schedule."""
        announced_on = values.pop("announced_on", None) or utcnow().date()
        announced_by_id = values.pop("announced_by_id", None)
        try:
            status = RoundStatus(values.get("status", record.status))
        except ValueError:
            return  # not a status at all: applying the values refuses it by name
        new_when = values.get("when_edtf", record.when_edtf)
        new_venue_id = values.get("venue_id", record.venue_id)
        if not _changes_schedule(record, status, new_when, new_venue_id):
            return
        if announced_by_id is not None and session.get(Source, announced_by_id) is None:
            raise RuleViolation(N_("Choose an existing record from the list."), "announced_by_id")
        record.schedule_changes.append(
            RoundScheduleChange(
                recorded_by_id=actor.id if actor else None,
                previous_status=record.status,
                new_status=status,
                previous_when_edtf=record.when_edtf,
                previous_when_text=record.when_text,
                new_when_edtf=new_when,
                previous_venue_id=record.venue_id,
                new_venue_id=new_venue_id,
                note=note,
                announced_on=announced_on,
                announced_by_id=announced_by_id,
            )
        )


#: values a round edit may carry about its schedule change, which are not the round's own fields
ANNOUNCEMENT_FIELDS = frozenset({"announced_on", "announced_by_id"})


def _changes_schedule(
    record: Round, status: RoundStatus, new_when: str | None, new_venue_id: int | None
) -> bool:
    """A new date or venue, or the round postponed or cancelled; but not a round marked held
    where it was expected, on a day its announced date allowed (``2025-04-26~`` held on 26
    April)."""
    moved = new_when != record.when_edtf or new_venue_id != record.venue_id
    called_off = status in (RoundStatus.POSTPONED, RoundStatus.CANCELLED) and (
        status != record.status
    )
    if called_off:
        return True
    if not moved:
        return False
    return not _held_as_expected(record, status, new_when, new_venue_id)


def _held_as_expected(
    record: Round, status: RoundStatus, new_when: str | None, new_venue_id: int | None
) -> bool:
    if status is not RoundStatus.HELD or new_venue_id != record.venue_id:
        return False
    if record.status not in (RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED):
        return False
    if not new_when or record.when_earliest is None or record.when_latest is None:
        return False
    try:
        held = parse_vague_date(new_when)
    except InvalidDate:
        return False  # applying the values refuses it by name
    return record.when_earliest <= held.earliest and held.latest <= record.when_latest


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
