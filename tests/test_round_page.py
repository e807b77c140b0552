"""The round page holds everything about one round, including what was said around it."""

from __future__ import annotations

from sqlalchemy import select

from tracker.models import Round, Statement
from tracker.services import facts, negotiations


def test_statements_dated_around_a_round_are_shown_with_it(session, demo):
    rome = session.scalar(select(Round).where(Round.number == 2))
    around = negotiations.statements_around(session, rome)
    assert len(around) == session.query(Statement).count()  # all dated "April 2025"
    far = facts.statements.create(
        session,
        None,
        {
            "negotiation_id": rome.negotiation_id,
            "speaker_id": 1,
            "text_original": "Later words",
            "when_edtf": "2025-06-20",
            "source_ids": [1],
        },
    )
    near = facts.statements.create(
        session,
        None,
        {
            "negotiation_id": rome.negotiation_id,
            "speaker_id": 1,
            "text_original": "Near words",
            "when_edtf": "2025-04-24",
            "source_ids": [1],
        },
    )
    tied = facts.statements.create(
        session,
        None,
        {
            "round_id": rome.id,
            "speaker_id": 1,
            "text_original": "Tied words",
            "when_edtf": "2025-04-19",
            "source_ids": [1],
        },
    )
    around = negotiations.statements_around(session, rome)
    assert near in around
    assert far not in around
    assert tied not in around  # listed with the round's own statements instead


def test_the_rome_round_page_shows_quotes_said_around_it(client, auth, demo):
    auth.login("viewer")
    page = client.get("/rounds/2").get_data(as_text=True)
    assert "Said around this round" in page
    assert "Iran doesn’t need proxies or proxy wars" in page


def test_a_wrong_method_says_which_are_allowed(client, auth):
    auth.login("viewer")
    response = client.put("/rounds/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
