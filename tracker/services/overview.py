"""What the home page answers first: which rounds come next, and what was logged lately."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import Negotiation, Round, RoundScheduleChange, RoundStatus


@dataclass
class NextRound:
    """A round still to come, and how sure its date is, as the desk needs to read it."""

    round: Round
    today: dt.date

    @property
    def first_set_for(self) -> RoundScheduleChange | None:
        """The change that moved the round off the date it was first set for, when it has
        moved or been called off since; the page shows it as every schedule change reads
        (:func:`tracker.services.schedule.describe_change`)."""
        changes = [c for c in self.round.schedule_changes if c.previous_when_edtf]
        if not changes or changes[0].previous_when_edtf == self.round.when_edtf:
            return None
        return changes[0]

    @property
    def certainty(self) -> str:
        """How firm the date is: "date confirmed", "date expected", "date not set"."""
        when = self.round.when
        if when is None:
            return "date not set"
        if when.is_exact_day:
            return "date confirmed" if self.round.status is RoundStatus.SCHEDULED else "date set"
        if when.uncertain:
            return "date unconfirmed"
        return "date expected" if when.approximate else "date approximate"

    @property
    def overdue(self) -> bool:
        """The date has passed but nobody has marked the round held, postponed or cancelled."""
        latest = self.round.when_latest
        return (
            latest is not None
            and latest < self.today
            and self.round.status in (RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED)
        )


def whats_next(session: Session, today: dt.date, limit: int = 6) -> list[NextRound]:
    """Rounds still to come, soonest first: announced, scheduled and postponed ones whatever
    their date (an overdue round is a question for the desk), and rounds cancelled lately.
    """
    recent = today - dt.timedelta(days=30)
    statement = (
        select(Round)
        .where(
            or_(
                Round.status.in_(
                    (RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED, RoundStatus.POSTPONED)
                ),
                (Round.status == RoundStatus.CANCELLED)
                & or_(Round.when_latest.is_(None), Round.when_latest >= recent),
            )
        )
        .options(
            joinedload(Round.negotiation),
            joinedload(Round.venue),
            selectinload(Round.schedule_changes),
        )
        .order_by(Round.when_earliest.desc().nulls_first(), Round.id.desc())
        .limit(limit)
    )
    rounds = sorted(
        session.scalars(statement),
        key=lambda r: (r.when_earliest is None, r.when_earliest or today, r.id),
    )
    return [NextRound(r, today) for r in rounds]


def negotiations_with_rounds(session: Session) -> list[Negotiation]:
    statement = (
        select(Negotiation)
        .options(
            selectinload(Negotiation.rounds).joinedload(Round.venue),
            selectinload(Negotiation.parties),
        )
        .order_by(Negotiation.title)
    )
    return list(session.scalars(statement))
