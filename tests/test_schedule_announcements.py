"""A round's schedule change says when it was announced and by whom, in the same words on the
round page, the timeline, the Atom feed and the calendar; holding a round as expected is not a
schedule change."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import xml.etree.ElementTree as ET

from html_forms import form_fields
from icalendar import Calendar
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Round, RoundStatus, Source, Venue
from tracker.services import negotiations
from tracker.services.schedule import describe_change

ATOM = "{http://www.w3.org/2005/Atom}"


def third_round(session) -> Round:
    return session.scalar(select(Round).where(Round.number == 3))


def schedule_then_postpone(app) -> tuple[int, str]:
    """Round 3 set for 3 May 2025 in Rome, then postponed as Oman announced on 1 May 2025."""
    with app.app_context():
        session = db.session
        round_ = third_round(session)
        rome = session.scalar(select(Venue).where(Venue.name == "Rome"))
        source = session.scalars(select(Source).order_by(Source.id)).first()
        negotiations.rounds.update(
            session, None, round_, {"status": "scheduled", "when_edtf": "2025-05-03"}
        )
        negotiations.rounds.update(session, None, round_, {"venue_id": rome.id})
        negotiations.rounds.update(
            session,
            None,
            round_,
            {
                "status": "postponed",
                "announced_on": dt.date(2025, 5, 1),
                "announced_by_id": source.id,
            },
        )
        session.commit()
        change = third_round(session).schedule_changes[-1]
        assert change.announced_on == dt.date(2025, 5, 1)
        assert change.announced_by_id == source.id
        assert change.new_status is RoundStatus.POSTPONED
        return (
            round_.id,
            f"Postponed on 1 May 2025 (announced by {source}): was 3 May 2025 in {rome}",
        )


def test_the_sentence_names_the_day_the_source_and_where_the_round_was(app, demo):
    _round_id, expected = schedule_then_postpone(app)
    with app.app_context():
        assert describe_change(third_round(db.session).schedule_changes[-1]) == expected


def test_a_move_says_where_the_round_went_and_defaults_to_today(session, demo):
    round_ = third_round(session)
    muscat = session.scalar(select(Venue).where(Venue.name == "Muscat"))
    negotiations.rounds.update(
        session, None, round_, {"when_edtf": "2025-05-10", "venue_id": muscat.id}
    )
    change = round_.schedule_changes[-1]
    assert change.announced_on == dt.datetime.now(dt.UTC).date()
    assert change.announced_by is None
    today = dt.datetime.now(dt.UTC).date()
    assert describe_change(change) == (
        f"Moved on {today.day} {today:%B} {today.year}: was week of 26 April 2025 (expected); "
        f"now 10 May 2025 in {muscat}"
    )


def test_the_announcement_reads_the_same_on_every_page_and_feed(app, client, auth, demo):
    round_id, expected = schedule_then_postpone(app)
    auth.login("viewer")
    round_page = html.unescape(client.get(f"/rounds/{round_id}").text)
    assert expected in round_page
    timeline = html.unescape(client.get(f"/timeline/?round={round_id}").text)
    assert expected in timeline

    atom = ET.fromstring(client.get("/feeds/iran-us-2025/entries.atom").data)
    contents = [entry.findtext(f"{ATOM}content") or "" for entry in atom.iter(f"{ATOM}entry")]
    assert any(expected in content for content in contents)

    calendar = Calendar.from_ical(client.get("/feeds/iran-us-2025/calendar.ics").data)
    with app.app_context():
        uid = str(db.session.get(Round, round_id).uid)
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)
    assert expected in str(event["DESCRIPTION"])


def test_the_round_form_stores_when_and_by_whom(app, client, auth, demo):
    with app.app_context():
        round_id = third_round(db.session).id
        source_id = db.session.scalars(select(Source.id)).first()
    auth.login("editor")
    page = client.get(f"/rounds/{round_id}/edit")
    assert "Announced on" in page.text and "Announced by" in page.text
    values = form_fields(page.text)
    assert values["announced_on"] == [dt.datetime.now(dt.UTC).date().isoformat()]
    values.update(
        status=["postponed"], announced_on=["2025-05-01"], announced_by_id=[str(source_id)]
    )
    assert client.post(f"/rounds/{round_id}/edit", data=values).status_code == 302
    with app.app_context():
        (change,) = third_round(db.session).schedule_changes
        assert (change.announced_on, change.announced_by_id) == (dt.date(2025, 5, 1), source_id)


def test_a_new_round_form_has_no_announcement_fields(app, client, auth, demo):
    auth.login("editor")
    page = client.get("/rounds/new?negotiation_id=1")
    assert page.status_code == 200
    assert 'name="announced_on"' not in page.text


def test_holding_a_round_on_its_expected_day_is_not_a_schedule_change(session, demo):
    round_ = third_round(session)  # announced for 2025-04-26~
    negotiations.rounds.update(session, None, round_, {"status": "held", "when_edtf": "2025-04-26"})
    assert round_.schedule_changes == []


def test_holding_a_round_on_another_day_is_a_schedule_change(session, demo):
    round_ = third_round(session)
    negotiations.rounds.update(session, None, round_, {"status": "held", "when_edtf": "2025-04-28"})
    assert [c.new_when_edtf for c in round_.schedule_changes] == ["2025-04-28"]


def test_the_api_and_the_csv_export_carry_the_announcement(app, client, auth, demo):
    round_id, _expected = schedule_then_postpone(app)
    auth.login("viewer")
    changes = client.get(f"/api/v1/rounds/{round_id}").get_json()["schedule_changes"]
    assert changes[-1]["announced_on"] == "2025-05-01"
    assert changes[-1]["announced_by"] is not None
    rows = list(csv.DictReader(io.StringIO(client.get("/exports/schedule-changes.csv").text)))
    assert rows[-1]["announced_on"] == "2025-05-01"
    assert rows[-1]["announced_by_uid"]
