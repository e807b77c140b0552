"""Time zones are IANA names, offered with the venue's first and carried in the calendar as
VTIMEZONE blocks; a round needs a number, or a title when it has none."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from html_forms import form_fields
from icalendar import Calendar
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Round
from tracker.services import facts, negotiations
from tracker.services.errors import RuleViolation


def round_numbered(session, number: int) -> Round:
    return session.scalar(select(Round).where(Round.number == number))


@pytest.mark.parametrize("zone", ["Muscat", "Not/AZone", "GMT+4 "])
def test_a_zone_that_is_not_iana_is_refused_by_name(session, demo, zone):
    with pytest.raises(RuleViolation, match="IANA") as refused:
        negotiations.rounds.update(
            session, None, round_numbered(session, 2), {"when_timezone": zone}
        )
    assert refused.value.field == "when_timezone"


def test_every_dated_record_refuses_a_made_up_zone(session, demo):
    with pytest.raises(RuleViolation, match="IANA"):
        facts.developments.create(
            session,
            None,
            {
                "negotiation_id": 1,
                "headline": "Talks set",
                "when_edtf": "2025-05-01",
                "when_timezone": "Not/AZone",
                "source_ids": [1],
            },
        )


def test_an_iana_zone_is_kept(session, demo):
    round_ = round_numbered(session, 2)
    negotiations.rounds.update(session, None, round_, {"when_timezone": "Asia/Muscat"})
    assert round_.when_timezone == "Asia/Muscat"


def test_the_form_offers_the_venues_zone_first_and_names_a_wrong_one(app, client, auth, demo):
    with app.app_context():
        round_id = round_numbered(db.session, 2).id  # in Rome
    auth.login("editor")
    page = client.get(f"/rounds/{round_id}/edit").text
    suggestions = re.search(r'<datalist id="when_timezone-suggestions">(.*?)</datalist>', page)
    assert suggestions is not None
    offered = re.findall(r'<option value="([^"]+)">', suggestions.group(1))
    assert offered[0] == "Europe/Rome"
    assert "Asia/Muscat" in offered and "Not/AZone" not in offered
    values = form_fields(page)
    values["when_timezone"] = ["Muscat"]
    refused = client.post(f"/rounds/{round_id}/edit", data=values)
    assert refused.status_code == 422
    assert re.search(r'id="when_timezone-error"[^>]*>Use an IANA time zone name', refused.text)


def test_the_calendar_carries_the_zones_its_events_use(app, client, auth, demo):
    with app.app_context():
        muscat_round = round_numbered(db.session, 1)
        negotiations.rounds.update(
            db.session,
            None,
            muscat_round,
            {"when_time": dt.time(13, 0), "when_timezone": "Asia/Muscat"},
        )
        db.session.commit()
    auth.login("viewer")
    calendar = Calendar.from_ical(client.get("/feeds/iran-us-2025/calendar.ics").data)
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {
        event["DTSTART"].params["TZID"]
        for event in calendar.walk("VEVENT")
        if "TZID" in event["DTSTART"].params
    }
    assert used == {"Asia/Muscat"}
    assert zones == used


def test_a_round_without_number_or_title_is_refused(session, demo):
    with pytest.raises(RuleViolation, match="number") as refused:
        negotiations.rounds.create(session, None, {"negotiation_id": 1})
    assert refused.value.field == "number"
    with pytest.raises(RuleViolation):
        negotiations.rounds.update(session, None, round_numbered(session, 3), {"number": None})


def test_an_unnumbered_round_with_a_title_is_kept(session, demo):
    talks = negotiations.rounds.create(
        session, None, {"negotiation_id": 1, "title": "Technical talks in Geneva"}
    )
    assert talks.label == "Technical talks in Geneva"


def test_the_form_says_so_beside_the_number(app, client, auth, demo):
    with app.app_context():
        round_id = round_numbered(db.session, 3).id
    auth.login("editor")
    values = form_fields(client.get(f"/rounds/{round_id}/edit").text)
    values.update(number=[""], title=[""])
    refused = client.post(f"/rounds/{round_id}/edit", data=values)
    assert refused.status_code == 422
    assert re.search(r'id="number-error"[^>]*>Give the round its number', refused.text)
    with app.app_context():
        assert db.session.get(Round, round_id).number == 3
