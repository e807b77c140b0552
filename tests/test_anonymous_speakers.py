"""The identity behind an anonymous statement is for editors only, on every door.

A viewer walks every page, filter, facet, search, export, feed and API answer that could carry
the statement, and must never meet its real speaker's name or a link to them; an editor finds
the speaker where the README promises. Then: account history is for admins only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
import zipfile

import pytest
from sqlalchemy import create_engine, insert, select

from tracker import migrate
from tracker.extensions import db
from tracker.models import (
    ChangeRecord,
    Negotiation,
    Person,
    Round,
    Statement,
    TimelineEntry,
    TimelineFacet,
    Topic,
)
from tracker.models.timeline import EntryKind
from tracker.services import catalogue, facts
from tracker.services.search_text import fold

NAME = "Zephyrine Quillfeather"
NAME_ORIGINAL = "زفيرين كويلفذر"
SURNAME = "Quillfeather"
ORGANISATION = "Obscura Directorate"
TITLE = "Deputy Keeper of Obscura"
QUOTE = "The enrichment cap is a bluff we will quietly abandon"
DESCRIPTION = "a senior official close to the talks"
SLUG = "iran-us-2025"


@pytest.fixture
def source(app, demo):
    """An anonymous statement whose speaker has a distinctive name, organisation and title,
    and whom nothing else in the tracker names: ids of (speaker, statement, topic, round)."""
    with app.app_context():
        negotiation = db.session.scalar(select(Negotiation).where(Negotiation.slug == SLUG))
        round_ = db.session.scalar(
            select(Round).where(Round.negotiation_id == negotiation.id, Round.number == 2)
        )
        topic = db.session.scalars(select(Topic).order_by(Topic.id)).first()
        organisation = catalogue.organisations.create(
            db.session, None, {"name": ORGANISATION, "kind": "government_body"}
        )
        db.session.flush()
        person = catalogue.people.create(
            db.session,
            None,
            {"name": NAME, "name_original": NAME_ORIGINAL, "organisation_id": organisation.id},
        )
        db.session.flush()
        catalogue.person_titles.create(
            db.session, None, {"person_id": person.id, "title": TITLE, "valid_from": None}
        )
        statement = facts.statements.create(
            db.session,
            None,
            {
                "negotiation_id": negotiation.id,
                "round_id": round_.id,
                "speaker_id": person.id,
                "speaker_description": DESCRIPTION,
                "attribution": "anonymous",
                "stance": "opposes",
                "text_original": QUOTE,
                "when_edtf": "2025-04-20",
                "source_ids": [1],
                "topic_ids": [topic.id],
            },
        )
        db.session.commit()
        # a correction, so the edit history holds snapshots naming the speaker too
        facts.statements.update(db.session, None, statement, {"text_translation": "Reworded"})
        db.session.commit()
        return person.id, statement.id, topic.id, round_.id


def person_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Person.id).order_by(Person.id)))


def assert_no_speaker(body: str, speaker_id: int, where: str) -> None:
    for secret in (NAME, SURNAME, NAME_ORIGINAL, ORGANISATION, TITLE):
        assert secret not in body, f"{secret!r} leaks in {where}"
    assert not re.search(rf"/people/{speaker_id}\b", body), f"a link to the speaker in {where}"


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_viewer_pages_never_name_the_anonymous_speaker(app, client, auth, source):
    speaker_id, statement_id, topic_id, round_id = source
    auth.login("viewer")
    for path in (
        "/",
        "/timeline/",
        f"/timeline/?q={QUOTE.split()[4]}",
        f"/timeline/?topic={topic_id}",
        f"/timeline/?round={round_id}",
        "/statements/",
        f"/statements/{statement_id}",
        f"/rounds/{round_id}",
        f"/topics/{topic_id}",
    ):
        body = text_of(client, path)
        assert_no_speaker(body, speaker_id, path)
    # the quote is there, under its published description, so the walk saw it
    assert QUOTE in text_of(client, f"/topics/{topic_id}")
    assert DESCRIPTION in text_of(client, f"/statements/{statement_id}")
    # the speaker's own page is theirs to show, but not the anonymous quote or its stance
    page = text_of(client, f"/people/{speaker_id}")
    assert NAME in page
    assert QUOTE not in page and "No statements recorded." in page


def test_viewer_filters_facets_and_search_never_find_the_speaker(app, client, auth, source):
    speaker_id, _statement_id, _topic_id, _round_id = source
    auth.login("viewer")
    for person_id in person_ids(app):
        for path in (f"/timeline/?person={person_id}", f"/exports/timeline.csv?person={person_id}"):
            assert QUOTE not in text_of(client, path), path
        api = client.get(f"/api/v1/timeline?person={person_id}").get_data(as_text=True)
        assert QUOTE not in api, person_id
    for words in (NAME, SURNAME, NAME_ORIGINAL, TITLE):
        assert QUOTE not in text_of(client, f"/timeline/?q={words}"), words
        assert QUOTE not in client.get(f"/api/v1/timeline?q={words}").get_data(as_text=True)
    # the facet panel over the statement itself names no person for it
    assert_no_speaker(text_of(client, "/timeline/?q=bluff"), speaker_id, "the facet panel")
    assert f"person={speaker_id}" not in text_of(client, "/timeline/?q=bluff")


def test_viewer_exports_feeds_and_api_never_name_the_speaker(app, client, auth, source):
    speaker_id, statement_id, _topic_id, _round_id = source
    auth.login("viewer")
    for path in (
        "/exports/statements.csv",
        "/exports/timeline.csv",
        "/exports/timeline.csv?q=bluff",
        f"/exports/negotiations/{SLUG}/timelinejs.json",
        f"/feeds/{SLUG}/entries.atom",
        f"/feeds/{SLUG}/calendar.ics",
        "/api/v1/statements",
        f"/api/v1/statements/{statement_id}",
        "/api/v1/timeline",
        "/api/v1/timeline?q=bluff",
    ):
        body = text_of(client, path)
        assert_no_speaker(body, speaker_id, path)
    assert QUOTE in text_of(client, "/exports/statements.csv")
    assert QUOTE in text_of(client, f"/exports/negotiations/{SLUG}/timelinejs.json")
    found = client.get(f"/api/v1/statements?speaker={speaker_id}").get_json()
    assert found["items"] == []
    answer = client.get(f"/api/v1/statements/{statement_id}").get_json()
    assert answer["speaker"] is None and answer["speaker_role"] is None


def read_package(client) -> zipfile.ZipFile:
    response = client.get("/exports/datapackage.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def statement_row(archive: zipfile.ZipFile, statement_id: int) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(archive.read("data/statement.csv").decode()))
    return next(row for row in rows if row["id"] == str(statement_id))


def test_a_viewers_data_package_holds_what_a_viewer_may_read(app, client, auth, source):
    _speaker_id, statement_id, _topic_id, _round_id = source
    auth.login("viewer")
    archive = read_package(client)
    names = set(archive.namelist())
    assert "data/change_record.csv" not in names, "the edit history is for editors"
    assert not any(name.startswith("data/timeline_") for name in names)
    assert statement_row(archive, statement_id)["speaker_id"] == ""
    for name in names - {"data/person.csv", "data/organisation.csv", "data/person_title.csv"}:
        content = archive.read(name).decode()
        for secret in (NAME, NAME_ORIGINAL, TITLE):
            assert secret not in content, (secret, name)
    described = archive.read("datapackage.json").decode()
    assert "change_record" not in described


def test_editors_find_the_speaker_where_promised(app, client, auth, source):
    speaker_id, statement_id, _topic_id, _round_id = source
    auth.login("editor")
    page = text_of(client, f"/people/{speaker_id}")
    assert QUOTE in page and "Anonymous: published as" in page
    assert QUOTE in text_of(client, f"/timeline/?person={speaker_id}")
    panel = text_of(client, "/timeline/?q=bluff")
    assert NAME in panel and f"person={speaker_id}" in panel
    assert QUOTE in text_of(client, f"/exports/timeline.csv?person={speaker_id}")
    statements = list(csv.DictReader(io.StringIO(text_of(client, "/exports/statements.csv"))))
    assert next(row for row in statements if row["text_original"] == QUOTE)["speaker"] == NAME
    assert NAME in text_of(client, "/exports/timeline.csv?q=bluff")
    archive = read_package(client)
    assert statement_row(archive, statement_id)["speaker_id"] == str(speaker_id)
    history = csv.DictReader(io.StringIO(archive.read("data/change_record.csv").decode()))
    snapshots = [json.loads(row["snapshot"]) for row in history if row["snapshot"]]
    assert any(snapshot.get("speaker_id") == speaker_id for snapshot in snapshots)


def test_the_topic_page_places_an_anonymous_quote_by_its_published_party(app, client, auth, source):
    _speaker_id, _statement_id, topic_id, _round_id = source
    auth.login("viewer")
    assert ORGANISATION not in text_of(client, f"/topics/{topic_id}")
    auth.logout()
    auth.login("editor")
    assert ORGANISATION in text_of(client, f"/topics/{topic_id}")


# -- account history is for admins ----------------------------------------------------------


def account_change_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(ChangeRecord.id).where(ChangeRecord.record_kind == "user").limit(1)
        )


def test_account_history_is_for_admins_only(app, client, auth, demo):
    auth.login("editor")  # creating the account left a "user created" change
    change_id = account_change_id(app)
    assert change_id is not None
    for path in ("/changes/", "/changes/?kind=user"):
        response = client.get(path)
        assert "editor@newsroom.example.org" not in response.get_data(as_text=True), path
        assert 'value="user"' not in response.get_data(as_text=True)
    assert client.get(f"/changes/{change_id}").status_code == 404
    archive = read_package(client)
    assert "editor@newsroom.example.org" not in archive.read("data/change_record.csv").decode()
    auth.logout()
    auth.login("admin")
    recent = text_of(client, "/changes/?kind=user")
    assert "editor@newsroom.example.org" in recent
    assert client.get(f"/changes/{change_id}").status_code == 200


# -- existing databases ---------------------------------------------------------------------


def test_upgrading_moves_existing_anonymous_speakers_out_of_the_person_facet(
    empty_database_url,
):
    """Databases indexed before 0560 kept an anonymous speaker under "person" and in the
    search text; the migration rebuilds their rows in the new layout."""

    def stamp() -> dict:
        now = dt.datetime.now(dt.UTC)
        return {"uid": uuid.uuid4(), "version": 1, "created_at": now, "updated_at": now}

    migrate.upgrade(empty_database_url, "0400_feed_tokens")
    engine = create_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(Negotiation.__table__).values(id=1, title="Talks", slug="talks", **stamp())
            )
            connection.execute(insert(Person.__table__).values(id=1, name=NAME, **stamp()))
            connection.execute(
                insert(Statement.__table__).values(
                    id=1,
                    negotiation_id=1,
                    speaker_id=1,
                    speaker_description=DESCRIPTION,
                    text_original=QUOTE,
                    speech="direct",
                    attribution="anonymous",
                    verification="reported",
                    **stamp(),
                )
            )
            # the entry as the index kept it before 0560
            connection.execute(
                insert(TimelineEntry.__table__).values(
                    id=1,
                    kind="statement",
                    record_id=1,
                    negotiation_id=1,
                    sort_date=dt.date(2025, 4, 20),
                    verification="reported",
                    search_text=fold(f"{QUOTE} {DESCRIPTION} {NAME}"),
                )
            )
            connection.execute(
                insert(TimelineFacet.__table__),
                [
                    {"entry_id": 1, "facet": "kind", "value": "statement"},
                    {"entry_id": 1, "facet": "person", "value": "1"},
                ],
            )
        migrate.upgrade(empty_database_url)
        with engine.connect() as connection:
            facets = set(connection.execute(select(TimelineFacet.facet, TimelineFacet.value)))
            assert ("person", "1") not in facets
            assert ("anonymous_person", "1") in facets
            text = connection.scalar(
                select(TimelineEntry.search_text).where(TimelineEntry.kind == EntryKind.STATEMENT)
            )
            assert fold(SURNAME) not in text and fold("bluff") in text
        migrate.downgrade(empty_database_url, "0400_feed_tokens")
        with engine.connect() as connection:
            facets = set(connection.execute(select(TimelineFacet.facet, TimelineFacet.value)))
            assert ("person", "1") in facets
    finally:
        engine.dispose()
