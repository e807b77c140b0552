"""A correction on any record shows where the record shows: on its page (and, for a title, on
its person's page) and in the Atom feed. Outcomes' feed entries say what happened."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from html_forms import form_fields
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Person, PersonTitle, ReportedOutcome, Round, Venue
from tracker.services import catalogue, negotiations

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = "An earlier version called Abbas Araghchi deputy foreign minister; he is foreign minister."


def atom_entries(client) -> list[ET.Element]:
    response = client.get("/feeds/iran-us-2025/entries.atom")
    assert response.status_code == 200
    return ET.fromstring(response.data).findall(f"{ATOM}entry")


def correct_araghchis_title(app, client) -> int:
    """Through the title's edit form, as an editor would: the "correction" box ticked."""
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.name == "Abbas Araghchi"))
        title = db.session.scalar(select(PersonTitle).where(PersonTitle.person_id == person.id))
        title_id, person_id = title.id, person.id
    page = client.get(f"/titles/{title_id}/edit")
    assert page.status_code == 200
    values = form_fields(page.text)
    values.update(
        title=["Foreign Minister of Iran"],
        is_correction=["y"],
        correction_public_note=[NOTE],
    )
    response = client.post(f"/titles/{title_id}/edit", data=values)
    assert response.status_code == 302, response.text
    return person_id


def test_a_title_correction_shows_on_the_person_page_and_in_the_feed(app, client, auth, demo):
    auth.login("editor")
    person_id = correct_araghchis_title(app, client)
    person_page = html.unescape(client.get(f"/people/{person_id}").text)
    assert NOTE in person_page
    assert "“Foreign Minister of Iran”" in person_page

    corrected = [
        entry for entry in atom_entries(client) if NOTE in (entry.findtext(f"{ATOM}content") or "")
    ]
    assert len(corrected) == 1
    title = corrected[0].findtext(f"{ATOM}title")
    assert title == "Corrected title of Abbas Araghchi: Foreign Minister of Iran"
    link = corrected[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/people/{person_id}")


def test_a_correction_shows_on_the_record_page(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        venue = db.session.scalar(select(Venue).where(Venue.name == "Rome"))
        catalogue.venues.update(
            db.session, None, venue, {"city": "Rome"}, correction="The city was misspelt."
        )
        round_ = db.session.scalar(select(Round).where(Round.number == 2))
        negotiations.rounds.update(
            db.session, None, round_, {"title": "Rome"}, correction="Round 2 was in Rome."
        )
        db.session.commit()
        venue_id, round_id = venue.id, round_.id
    assert "The city was misspelt." in client.get(f"/venues/{venue_id}").text
    assert "Round 2 was in Rome." in client.get(f"/rounds/{round_id}").text
    contents = [entry.findtext(f"{ATOM}content") or "" for entry in atom_entries(client)]
    assert any("Round 2 was in Rome." in content for content in contents)


def test_an_uncorrected_record_shows_no_correction(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.name == "Abbas Araghchi"))
    assert 'class="correction"' not in client.get(f"/people/{person_id}").text


def test_outcome_entries_are_titled_with_what_happened(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        summaries = {str(o.uid): o.summary for o in db.session.scalars(select(ReportedOutcome))}
    assert summaries
    titles = {
        (entry.findtext(f"{ATOM}id") or "").removeprefix("urn:uuid:"): entry.findtext(
            f"{ATOM}title"
        )
        for entry in atom_entries(client)
    }
    for uid, summary in summaries.items():
        assert titles[uid] != "Reported outcome"
        assert summary.startswith(titles[uid].rstrip("…"))
