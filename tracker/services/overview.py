"""What the home page answers first: which rounds come next, and what was logged lately."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import Negotiation, Round, RoundStatus


def upcoming_rounds(session: Session, today: dt.date, limit: int = 10) -> list[Round]:
    """Announced, scheduled and postponed rounds not known to be over, soonest first.

    A round whose date is still unknown counts as upcoming: it was announced and not yet held.
    """
    statement = (
        select(Round)
        .where(
            Round.status.in_((RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED, RoundStatus.POSTPONED)),
            or_(Round.when_latest.is_(None), Round.when_latest >= today),
        )
        .options(
            joinedload(Round.negotiation),
            joinedload(Round.venue),
            selectinload(Round.schedule_changes),
        )
        .order_by(Round.when_earliest.nulls_last(), Round.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


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
