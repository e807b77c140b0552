"""The TimelineJS JSON: dates only as precise as the record, groups by round, eras, escaping."""

from __future__ import annotations

from sqlalchemy import select

from tracker.exports.timelinejs import UNGROUPED, date_parts
from tracker.extensions import db
from tracker.models import Round, Statement
from tracker.services import facts, negotiations

URL = "/exports/negotiations/iran-us-2025/timelinejs.json"


def test_dates_keep_their_precision():
    assert date_parts("2025-04-12") == {"year": "2025", "month": "4", "day": "12"}
    assert date_parts("2025-04") == {"year": "2025", "month": "4"}
    assert date_parts("2025-04-26~") == {"year": "2025", "month": "4", "day": "26"}
    assert date_parts("2025") == {"year": "2025"}
    assert date_parts("..") is None


def test_every_dated_entry_is_an_event_grouped_by_round(client, auth, demo):
    auth.login("viewer")
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["title"]["text"]["headline"] == "Iran–US indirect talks (2025)"
    events = document["events"]
    assert len(events) == 3 + 1 + 17 + 2  # rounds, outcome, statements, developments
    assert len({event["unique_id"] for event in events}) == len(events)
    muscat = next(event for event in events if event["text"]["headline"] == "Round 1: Muscat")
    assert muscat["start_date"] == {"year": "2025", "month": "4", "day": "12"}
    assert muscat["display_date"] == "12 April 2025"
    assert muscat["group"] == "Round 1: Muscat"
    outcome = next(event for event in events if event["unique_id"].startswith("reportedoutcome"))
    assert outcome["group"] == "Round 2: Rome"
    statement = next(event for event in events if event["unique_id"].startswith("statement"))
    assert statement["start_date"] == {"year": "2025", "month": "4"}
    assert statement["group"] == UNGROUPED
    assert "Sources:" in statement["text"]["text"]
    development = next(e for e in events if e["unique_id"].startswith("development"))
    assert development["end_date"] == {"year": "2025", "month": "4", "day": "26"}


def test_a_round_spanning_days_is_an_era(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.number == 2))
        negotiations.rounds.update(db.session, None, round_, {"when_edtf": "2025-04-19/2025-04-20"})
        db.session.commit()
    document = client.get(URL).get_json()
    (era,) = document["eras"]
    assert era["start_date"] == {"year": "2025", "month": "4", "day": "19"}
    assert era["end_date"] == {"year": "2025", "month": "4", "day": "20"}
    assert era["text"]["headline"] == "Round 2: Rome"


def test_text_is_escaped_because_timelinejs_renders_html(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        statement = db.session.scalars(select(Statement).order_by(Statement.id)).first()
        facts.statements.update(
            db.session, None, statement, {"text_original": "<script>alert(1)</script> & more"}
        )
        db.session.commit()
    body = client.get(URL).text
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in body


def test_undated_entries_are_left_out_and_unknown_negotiations_404(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        statement = db.session.scalars(select(Statement).order_by(Statement.id)).first()
        facts.statements.update(db.session, None, statement, {"when_edtf": None})
        db.session.commit()
    assert len(client.get(URL).get_json()["events"]) == 3 + 1 + 16 + 2
    assert client.get("/exports/negotiations/nothing/timelinejs.json").status_code == 404


def test_dates_and_groups_are_escaped_too(app, client, auth, demo):
    """TimelineJS writes ``display_date`` and ``group`` into the page as HTML as well."""
    auth.login("viewer")
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.number == 1))
        negotiations.rounds.update(
            db.session,
            None,
            round_,
            {"title": "<img src=x onerror=alert(1)>", "when_text": "<b>soon</b>"},
        )
        db.session.commit()
    body = client.get(URL).text
    assert "<img" not in body and "<b>" not in body
    events = [
        event
        for event in client.get(URL).get_json()["events"]
        if event["group"].startswith("Round 1")
    ]
    assert events
    for event in events:
        assert event["group"] == "Round 1: &lt;img src=x onerror=alert(1)&gt;"
    muscat = next(event for event in events if event["unique_id"].startswith("round"))
    assert muscat["display_date"].startswith("&lt;b&gt;soon&lt;/b&gt;")
