"""Calendar (RFC 5545) and Atom feeds per negotiation, and the secrets that open them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Development, FeedToken, Round, Statement, UserRole
from tracker.services import facts, negotiations

ATOM = "{http://www.w3.org/2005/Atom}"


def calendar_events(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def make_link(client, kind: str) -> str:
    response = client.post("/account/feeds", data={"negotiation_id": "1", "kind": kind})
    assert response.status_code == 200
    links = re.findall(r'value="(http://localhost/feeds/[^"]+)"', response.text)
    assert len(links) == 1
    return links[0].replace("&amp;", "&").removeprefix("http://localhost")


def round_uids(app) -> dict[int, str]:
    with app.app_context():
        return {r.number: str(r.uid) for r in db.session.scalars(select(Round))}


def test_calendar_lists_every_dated_round_with_its_uid(app, client, auth, demo):
    auth.login("viewer")
    response = client.get("/feeds/iran-us-2025/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = calendar_events(response.data)
    uids = round_uids(app)
    assert set(events) == set(uids.values())
    muscat = events[uids[1]]
    assert muscat["SEQUENCE"] == 0
    assert str(muscat["STATUS"]) == "CONFIRMED"
    assert muscat.decoded("DTSTART").isoformat() == "2025-04-12"
    assert "Muscat" in str(muscat["LOCATION"])
    assert str(muscat["URL"]).endswith("/rounds/1")


def test_a_postponed_then_cancelled_round_bumps_its_sequence(app, client, auth, demo):
    auth.login("viewer")
    uids = round_uids(app)
    before = calendar_events(client.get("/feeds/iran-us-2025/calendar.ics").data)[uids[3]]
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.number == 3))
        negotiations.rounds.update(
            db.session, None, round_, {"status": "postponed", "when_edtf": "2025-05-03"}
        )
        db.session.commit()
    moved = calendar_events(client.get("/feeds/iran-us-2025/calendar.ics").data)[uids[3]]
    assert moved["SEQUENCE"] == before["SEQUENCE"] + 1
    assert moved.decoded("DTSTART").isoformat() == "2025-05-03"
    assert str(moved["SUMMARY"]).startswith("Postponed:")
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.number == 3))
        negotiations.rounds.update(db.session, None, round_, {"status": "cancelled"})
        db.session.commit()
    cancelled = calendar_events(client.get("/feeds/iran-us-2025/calendar.ics").data)[uids[3]]
    assert cancelled["SEQUENCE"] == moved["SEQUENCE"] + 1
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_a_timed_round_is_a_timed_event_in_its_zone(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.number == 2))
        negotiations.rounds.update(db.session, None, round_, {"when_time": dt.time(10, 30)})
        db.session.commit()
        uid = str(round_.uid)
    event = calendar_events(client.get("/feeds/iran-us-2025/calendar.ics").data)[uid]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (10, 30, "Europe/Rome")


def atom_entries(body: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    return {entry.findtext(f"{ATOM}id"): entry for entry in root.findall(f"{ATOM}entry")}


def test_atom_feed_carries_new_entries(app, client, auth, demo):
    auth.login("viewer")
    response = client.get("/feeds/iran-us-2025/entries.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    entries = atom_entries(response.data)
    with app.app_context():
        statement_uids = {str(s.uid) for s in db.session.scalars(select(Statement))}
    assert {f"urn:uuid:{uid}" for uid in statement_uids} <= set(entries)
    assert len(entries) == 17 + 1 + 2


def test_a_corrected_entry_says_so_in_the_feed(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        statement = db.session.scalars(select(Statement).order_by(Statement.id)).first()
        facts.statements.update(
            db.session,
            None,
            statement,
            {"verification": "corrected", "correction_note": "The speaker was misnamed."},
        )
        db.session.commit()
        uid = f"urn:uuid:{statement.uid}"
    entries = atom_entries(client.get("/feeds/iran-us-2025/entries.atom").data)
    corrected = entries[uid]
    assert corrected.findtext(f"{ATOM}title").startswith("Corrected: ")
    assert "The speaker was misnamed." in corrected.findtext(f"{ATOM}content")
    first = next(
        iter(
            ET.fromstring(client.get("/feeds/iran-us-2025/entries.atom").data).iter(f"{ATOM}entry")
        )
    )
    assert first.findtext(f"{ATOM}id") == uid


def test_a_correction_from_the_edit_history_reaches_the_feed(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        development = db.session.scalars(select(Development).order_by(Development.id)).first()
        facts.developments.update(
            db.session,
            None,
            development,
            {"headline": "Third round set for Muscat"},
            correction="The third round was first reported for Rome.",
        )
        db.session.commit()
        uid = f"urn:uuid:{development.uid}"
    entry = atom_entries(client.get("/feeds/iran-us-2025/entries.atom").data)[uid]
    assert entry.findtext(f"{ATOM}title") == "Corrected: Third round set for Muscat"
    assert "first reported for Rome" in entry.findtext(f"{ATOM}content")
    assert entry.find(f"{ATOM}category").get("term") == "corrected"


def test_feeds_refuse_anonymous_readers_without_a_secret(client, demo):
    assert client.get("/feeds/iran-us-2025/calendar.ics").status_code == 401
    assert client.get("/feeds/iran-us-2025/entries.atom?key=made-up").status_code == 403


def test_a_feed_secret_opens_its_feed_alone_until_revoked(app, client, auth, demo):
    user = auth.login("viewer")
    calendar_link = make_link(client, "calendar")
    auth.logout()
    assert client.get(calendar_link).status_code == 200
    assert Calendar.from_ical(client.get(calendar_link).data)
    key = calendar_link.split("key=")[1]
    assert client.get(f"/feeds/iran-us-2025/entries.atom?key={key}").status_code == 403
    assert client.get(f"/exports/rounds.csv?key={key}").status_code == 302
    assert client.get(f"/api/v1/rounds?key={key}").status_code in (401, 403)
    with app.app_context():
        token = db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))
        assert token.last_used_at is not None
        assert key not in token.secret_hash
        token_id = token.id
    auth.login("viewer")
    page = client.get("/account/feeds").text
    assert key not in page
    client.post("/account/feeds", data={"revoke": str(token_id)})
    auth.logout()
    assert client.get(calendar_link).status_code == 403


def test_nobody_revokes_someone_elses_secret(app, client, auth, demo):
    auth.login("viewer")
    make_link(client, "atom")
    with app.app_context():
        token_id = db.session.scalar(select(FeedToken.id))
    auth.logout()
    auth.login(UserRole.EDITOR)
    assert client.post("/account/feeds", data={"revoke": str(token_id)}).status_code == 404
    with app.app_context():
        assert db.session.get(FeedToken, token_id).revoked_at is None


def test_a_deactivated_account_s_secret_stops_working(app, client, auth, demo):
    user = auth.login("viewer")
    link = make_link(client, "atom")
    auth.logout()
    with app.app_context():
        from tracker.models import User

        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get(link).status_code == 403


@pytest.mark.parametrize(
    "form", [{"negotiation_id": "999", "kind": "atom"}, {"negotiation_id": "1", "kind": "sms"}]
)
def test_making_a_link_for_nothing_is_a_clear_400(client, auth, demo, form):
    auth.login("viewer")
    assert client.post("/account/feeds", data=form).status_code == 400


def test_unknown_negotiation_feed_is_404(client, auth, demo):
    auth.login("viewer")
    assert client.get("/feeds/nothing/calendar.ics").status_code == 404
