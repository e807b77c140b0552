"""Each kind of record can be created and edited through its form, and bad input is refused
with a message next to the field while nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tracker import models
from tracker.extensions import db

# kind -> (model, valid form data, (field, bad value, words of the expected message))
CASES = {
    "negotiations": (
        models.Negotiation,
        {
            "title": "Iran–E3 talks",
            "summary": "Talks with France, Germany and the UK.",
            "party_ids": ["1"],
        },
        ("title", "", "This field is required"),
    ),
    "rounds": (
        models.Round,
        {
            "negotiation_id": "1",
            "number": "4",
            "status": "scheduled",
            "format": "indirect",
            "when_edtf": "2025-05-11",
            "venue_id": "1",
            "mediator_id": "3",
            "source_ids": ["1"],
        },
        ("when_edtf", "2025-02-30", "is not a date we can read"),
    ),
    "participations": (
        models.Participation,
        {"round_id": "3", "person_id": "1", "role": "head_of_delegation", "side_id": "1"},
        ("person_id", "999", "Not a valid choice"),
    ),
    "outcomes": (
        models.ReportedOutcome,
        {
            "round_id": "1",
            "summary": "Both sides called the talks positive.",
            "verification": "reported",
            "when_edtf": "2025-04-12",
            "source_ids": ["1"],
        },
        ("source_ids", None, "Cite at least one source"),
    ),
    "statements": (
        models.Statement,
        {
            "speaker_id": "1",
            "attribution": "on_record",
            "text_original": "سنواصل المفاوضات",
            "language": "ar",
            "speech": "direct",
            "verification": "reported",
            "when_edtf": "2025-04",
            "source_ids": ["1"],
        },
        ("text_original", "", "This field is required"),
    ),
    "developments": (
        models.Development,
        {
            "negotiation_id": "1",
            "headline": "Third round confirmed for Saturday in Muscat",
            "verification": "confirmed",
            "when_edtf": "2025-04-26",
            "source_ids": ["1"],
        },
        ("when_edtf", "next week", "is not a date we can read"),
    ),
    "people": (
        models.Person,
        {
            "name": "Badr Albusaidi",
            "name_original": "بدر البوسعيدي",
            "name_original_language": "ar",
            "organisation_id": "3",
        },
        ("name", "x" * 201, "Field cannot be longer than 200 characters"),
    ),
    "titles": (
        models.PersonTitle,
        {
            "person_id": "1",
            "title": "Deputy Foreign Minister",
            "valid_from": "2021-01-01",
            "valid_to": "2024-08-20",
        },
        ("valid_to", "2020-01-01", "cannot end before it starts"),
    ),
    "organisations": (
        models.Organisation,
        {"name": "IRNA", "name_original": "ایرنا", "kind": "media_outlet", "country_code": "ir"},
        ("country_code", "XX", "ISO 3166"),
    ),
    "venues": (
        models.Venue,
        {
            "name": "Omani embassy",
            "city": "Rome",
            "country_code": "IT",
            "timezone": "Europe/Rome",
            "latitude": "41.9",
            "longitude": "12.5",
        },
        ("timezone", "Mars/Olympus", "IANA time zone"),
    ),
    "topics": (
        models.Topic,
        {"name": "Uranium enrichment", "name_original": "غنی‌سازی اورانیوم"},
        ("name", "Iraq's armed factions", "already exists"),
    ),
    "sources": (
        models.Source,
        {
            "headline": "Iran, US hold second round in Rome",
            "outlet_id": "6",
            "url": "https://example.org/rome-round",
            "language": "en",
            "published_on": "2025-04-19",
        },
        ("url", "javascript://example.org/%0aalert(1)", "https://"),
    ),
}


# kind -> a field an editor corrects, and its new value
EDITS = {
    "negotiations": ("summary", "Talks with the E3."),
    "rounds": ("when_edtf", "2025-05-11~"),
    "participations": ("role", "delegate"),
    "outcomes": ("verification", "confirmed"),
    "statements": ("text_translation", "We will continue the negotiations"),
    "developments": ("description", "Oman's foreign ministry said so."),
    "people": ("name_original", "بدر بن حمد البوسعيدي"),
    "titles": ("title", "Deputy Minister of Foreign Affairs"),
    "organisations": ("abbreviation", "IRNA"),
    "venues": ("city", "Roma"),
    "topics": ("description", "How much uranium Iran may enrich."),
    "sources": ("language", "fa"),
}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def without_blank(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("kind", CASES)
def test_editor_creates_a_record_through_its_form(app, client, auth, demo, kind):
    model, data, _ = CASES[kind]
    auth.login("editor")
    before = count(app, model)
    response = client.post(f"/{kind}/new", data=data)
    assert response.status_code == 302, response.text
    assert count(app, model) == before + 1
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("kind", CASES)
def test_bad_input_is_refused_next_to_the_field(app, client, auth, demo, kind):
    model, data, (field, bad_value, message) = CASES[kind]
    auth.login("editor")
    before = count(app, model)
    response = client.post(f"/{kind}/new", data=without_blank({**data, field: bad_value}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error_start = page.index(f'id="{field}-error"')
    assert message in page[error_start : error_start + 300]
    assert count(app, model) == before


@pytest.mark.parametrize("kind", CASES)
def test_editor_edits_a_record_and_the_version_moves_on(app, client, auth, demo, kind):
    model, data, _ = CASES[kind]
    auth.login("editor")
    assert client.post(f"/{kind}/new", data=data).status_code == 302
    with app.app_context():
        record_id = db.session.scalar(select(func.max(model.id)))
        version = db.session.get(model, record_id).version
    field, new_value = EDITS[kind]
    edited = client.post(
        f"/{kind}/{record_id}/edit", data={**data, field: new_value, "version": str(version)}
    )
    assert edited.status_code == 302, edited.text
    with app.app_context():
        record = db.session.get(model, record_id)
        assert record.version == version + 1
        assert str(getattr(record, field)) == new_value


def test_a_stale_edit_overwrites_nothing(app, client, auth, demo):
    auth.login("editor")
    data = {**CASES["venues"][1]}
    created = client.post("/venues/new", data=data)
    venue_id = int(created.headers["Location"].split("/")[-1])
    first = client.post(f"/venues/{venue_id}/edit", data={**data, "city": "Roma", "version": "1"})
    assert first.status_code == 302
    second = client.post(f"/venues/{venue_id}/edit", data={**data, "city": "Milan", "version": "1"})
    assert second.status_code in (409, 422)
    with app.app_context():
        assert db.session.get(models.Venue, venue_id).city == "Roma"


def test_arabic_and_persian_text_reads_back_on_the_page(client, auth, demo):
    auth.login("viewer")
    page = client.get("/people/1").get_data(as_text=True)
    assert "عباس عراقچی" in page
    assert 'dir="auto"' in page
    organisations = client.get("/organisations/?q=الحشد").get_data(as_text=True)
    assert "Popular Mobilization Forces" in organisations
