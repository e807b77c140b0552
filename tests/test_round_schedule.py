"""Rounds get moved, postponed and cancelled: the earlier date and venue stay on record, and
a cancelled round gains no outcomes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.models import Round, RoundStatus, Venue
from tracker.services import facts, negotiations
from tracker.services.errors import RuleViolation


def third_round(session) -> Round:
    return session.scalar(select(Round).where(Round.number == 3))


def test_moving_a_round_keeps_its_earlier_date_and_venue(session, demo):
    round_ = third_round(session)
    muscat = session.scalar(select(Venue).where(Venue.name == "Muscat"))
    negotiations.rounds.update(
        session,
        None,
        round_,
        {"when_edtf": "2025-04-26", "venue_id": muscat.id, "status": "scheduled"},
    )
    negotiations.rounds.update(
        session,
        None,
        round_,
        {"when_edtf": "2025-05-03~", "status": "postponed"},
        note="Oman's foreign ministry cited logistics.",
    )
    session.commit()
    changes = third_round(session).schedule_changes
    assert [(c.previous_when_edtf, c.new_when_edtf) for c in changes] == [
        ("2025-04-26~", "2025-04-26"),
        ("2025-04-26", "2025-05-03~"),
    ]
    assert changes[1].previous_status is RoundStatus.SCHEDULED
    assert changes[1].new_status is RoundStatus.POSTPONED
    assert changes[1].previous_venue.name == "Muscat"
    assert changes[1].note == "Oman's foreign ministry cited logistics."


def test_editing_the_summary_is_not_a_schedule_change(session, demo):
    round_ = third_round(session)
    negotiations.rounds.update(session, None, round_, {"summary": "Venue still unknown."})
    assert round_.schedule_changes == []


def test_a_cancelled_round_gains_no_outcomes(session, demo):
    round_ = third_round(session)
    negotiations.rounds.update(session, None, round_, {"status": "cancelled"})
    assert round_.schedule_changes[0].new_status is RoundStatus.CANCELLED
    with pytest.raises(RuleViolation, match="cancelled"):
        facts.outcomes.create(
            session, None, {"round_id": round_.id, "summary": "x", "source_ids": [1]}
        )


def test_round_numbers_are_unique_within_a_negotiation(session, demo):
    with pytest.raises(RuleViolation) as refused:
        negotiations.rounds.create(session, None, {"negotiation_id": 1, "number": 2})
    assert refused.value.field == "number"


def test_the_next_round_is_prefilled(session, demo):
    negotiation = third_round(session).negotiation
    defaults = negotiations.next_round_defaults(session, negotiation)
    assert defaults["number"] == 4
    assert defaults["mediator_id"] == third_round(session).mediator_id
    rome = session.scalar(select(Venue).where(Venue.name == "Rome"))
    assert defaults["venue_id"] == rome.id  # round 3 has no venue yet: the last one used


def test_an_unknown_status_names_the_allowed_ones(session, demo):
    with pytest.raises(RuleViolation, match="announced, scheduled, held"):
        negotiations.rounds.update(session, None, third_round(session), {"status": "rumoured"})
