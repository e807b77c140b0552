"""The foundation's acceptance story, through the web forms as a newsroom would do it: an editor
logs the fourth round with its venue, participants, an outcome and its source, corrects a
participant's title, and a viewer reads it all but cannot change it."""

from __future__ import annotations

import re

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Person, Round, Source


def new_id(response) -> int:
    return int(re.search(r"/(\d+)$", response.headers["Location"]).group(1))


def test_editor_logs_round_four_and_a_viewer_reads_it(app, client, auth, demo):
    auth.login("editor")

    form = client.get("/rounds/new?negotiation_id=1").get_data(as_text=True)
    assert 'name="number" type="number" value="4"' in form or 'value="4"' in form

    venue = client.post(
        "/venues/new",
        data={
            "name": "Oman embassy",
            "city": "Rome",
            "country_code": "IT",
            "timezone": "Europe/Rome",
        },
    )
    source = client.post(
        "/sources/new",
        data={
            "headline": "Fourth round of Iran–US talks ends in Muscat",
            "url": "https://example.org/fourth-round",
            "language": "en",
            "published_on": "2025-05-11",
        },
    )
    round_four = client.post(
        "/rounds/new",
        data={
            "negotiation_id": "1",
            "number": "4",
            "status": "held",
            "format": "indirect",
            "when_edtf": "2025-05-11",
            "when_time": "13:00",
            "when_timezone": "Asia/Muscat",
            "venue_id": str(new_id(venue)),
            "mediator_id": "3",
            "source_ids": [str(new_id(source))],
        },
    )
    assert round_four.status_code == 302
    round_id = new_id(round_four)
    with app.app_context():
        araghchi = db.session.scalar(select(Person).where(Person.name == "Abbas Araghchi"))
        person_id, title_id = araghchi.id, araghchi.titles[0].id
    participant = client.post(
        "/participations/new",
        data={
            "round_id": str(round_id),
            "person_id": str(person_id),
            "role": "head_of_delegation",
            "side_id": "1",
        },
    )
    assert participant.status_code == 302
    outcome = client.post(
        "/outcomes/new",
        data={
            "round_id": str(round_id),
            "summary": "Both sides agreed to keep talking.",
            "verification": "reported",
            "reported_by_id": "3",
            "when_edtf": "2025-05-11",
            "source_ids": [str(new_id(source))],
        },
    )
    assert outcome.status_code == 302

    corrected = client.post(
        f"/titles/{title_id}/edit",
        data={
            "person_id": str(person_id),
            "title": "Foreign Minister of Iran",
            "valid_from": "2024-08-21",
            "version": "1",
            "change_note": "The article called him deputy foreign minister.",
        },
    )
    assert corrected.status_code == 302
    auth.logout()

    auth.login("viewer")
    page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "Round 4" in page
    assert "11 May 2025, 13:00 Asia/Muscat" in page
    assert "Oman embassy" in page
    assert "Abbas Araghchi" in page and "Foreign Minister of Iran" in page
    assert "Both sides agreed to keep talking." in page
    assert "Fourth round of Iran–US talks ends in Muscat" in page
    assert f"/rounds/{round_id}/edit" not in page
    assert client.get(f"/rounds/{round_id}/edit").status_code == 403
    assert client.post(f"/titles/{title_id}/edit", data={"title": "x"}).status_code == 403
    with app.app_context():
        assert db.session.get(Round, round_id).sources[0].url == "https://example.org/fourth-round"
        assert db.session.scalar(select(Source).where(Source.url.like("%fourth%"))) is not None
