"""A record's id is never handed to another record, its history never mixes with another's,
and a delete confirmed on a stale page is refused like a stale edit (issue 10, items 2 and 3).

Runs on SQLite, and on PostgreSQL when ``TRACKER_TEST_DATABASE_URL`` names a server.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from conftest import AuthActions
from html_forms import form_fields
from sqlalchemy import create_engine, select

from tracker import migrate
from tracker.db import UTCDateTime
from tracker.extensions import db
from tracker.models import ChangeAction, ChangeRecord, Topic
from tracker.services import history
from tracker.services.catalogue import topics
from tracker.services.errors import RuleViolation, StaleRecord


def new_topic(client, name: str) -> int:
    response = client.post("/topics/new", data={"name": name})
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def delete_through_the_page(client, path: str, note: str = ""):
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = form_fields(page.text)
    if note:
        data["note"] = [note]
    return client.post(path, data=data)


def test_a_deleted_topics_id_goes_to_no_new_topic_and_their_histories_stay_apart(app, auth, client):
    auth.login("admin")
    new_topic(client, "Sanctions relief")
    doomed_id = new_topic(client, "Enrichment caps")
    with app.app_context():
        doomed_uid = db.session.get(Topic, doomed_id).uid
    assert delete_through_the_page(client, f"/topics/{doomed_id}/delete").status_code == 302

    newcomer_id = new_topic(client, "Prisoner exchange")

    assert newcomer_id > doomed_id
    assert client.get(f"/topics/{doomed_id}").status_code == 404
    page = client.get(f"/topics/{newcomer_id}/history")
    assert "Prisoner exchange" in page.text and "Enrichment caps" not in page.text
    assert "Roll back" not in page.text
    with app.app_context():
        newcomer = db.session.get(Topic, newcomer_id)
        rows = history.changes_to(db.session, "topic", newcomer_id)
        assert [row.action for row in rows] == [ChangeAction.CREATE]
        assert {(row.record_id, row.record_uid) for row in rows} == {(newcomer_id, newcomer.uid)}
        deletion = history.changes_to(db.session, "topic", doomed_id)[0]
        assert deletion.action is ChangeAction.DELETE and deletion.record_uid == doomed_uid

    old_history = client.get(f"/topics/{doomed_id}/history")
    assert "Enrichment caps" in old_history.text and "Restore this topic" in old_history.text
    restored = client.post(f"/changes/{deletion.id}/restore")
    assert restored.status_code == 302
    assert restored.headers["Location"].endswith(f"/topics/{doomed_id}")
    with app.app_context():
        assert db.session.get(Topic, doomed_id).uid == doomed_uid
        assert db.session.get(Topic, newcomer_id).name == "Prisoner exchange"


def test_rolling_back_onto_another_record_is_refused(app, auth, client):
    auth.login("admin")
    first_id = new_topic(client, "Sanctions relief")
    second_id = new_topic(client, "Enrichment caps")
    with app.app_context():
        foreign = history.changes_to(db.session, "topic", first_id)[0]
        foreign_id = foreign.id
        second = db.session.get(Topic, second_id)
        with pytest.raises(RuleViolation):
            history.rollback(db.session, None, second, foreign)
        db.session.rollback()

    response = client.post(f"/topics/{second_id}/history/{foreign_id}/rollback")

    assert response.status_code == 302
    assert "not a version of this record" in client.get(response.headers["Location"]).text
    with app.app_context():
        assert db.session.get(Topic, second_id).name == "Enrichment caps"


def test_restore_gives_a_new_id_when_another_record_holds_the_old_one(app):
    """Files written before ids were kept apart may hold a newer record under a deleted
    record's id: the deleted one comes back under a new id, each keeping its own history."""
    with app.app_context():
        doomed = topics.create(db.session, None, {"name": "Enrichment caps"})
        db.session.flush()
        doomed_id, doomed_uid = doomed.id, doomed.uid
        topics.update(db.session, None, doomed, {"description": "Levels of 3.67%"})
        topics.delete(db.session, None, doomed)
        squatter = topics.create(db.session, None, {"id": doomed_id, "name": "Prisoner exchange"})
        db.session.commit()
        deletion = history.changes_to(db.session, "topic", doomed_id)
        assert [row.action for row in deletion] == [ChangeAction.CREATE]  # the squatter's own

        deletion = db.session.scalar(
            select(ChangeRecord).where(
                ChangeRecord.record_uid == doomed_uid,
                ChangeRecord.action == ChangeAction.DELETE,
            )
        )
        restored = history.restore(db.session, None, deletion)
        db.session.commit()

        assert restored.id != doomed_id and restored.uid == doomed_uid
        assert restored.description == "Levels of 3.67%"
        assert db.session.get(Topic, doomed_id).uid == squatter.uid
        kept = history.changes_to(db.session, "topic", restored.id)
        assert [row.action for row in kept] == [
            ChangeAction.RESTORE,
            ChangeAction.DELETE,
            ChangeAction.UPDATE,
            ChangeAction.CREATE,
        ]
        assert [row.action for row in history.changes_to(db.session, "topic", doomed_id)] == [
            ChangeAction.CREATE
        ]
        with pytest.raises(RuleViolation, match="restored already"):
            history.restore(db.session, None, deletion)


def test_a_delete_confirmed_after_someone_elses_edit_answers_the_conflict_page(app, auth, client):
    auth.login("admin")
    topic_id = new_topic(client, "Enrichment caps")
    delete_page = client.get(f"/topics/{topic_id}/delete")
    stale_form = form_fields(delete_page.text)
    assert stale_form["version"] == ["1"]

    editor_client = app.test_client()
    AuthActions(app, editor_client).login("editor")
    edit_page = editor_client.get(f"/topics/{topic_id}/edit")
    edited = form_fields(edit_page.text)
    edited["description"] = ["Caps on enrichment levels and stockpiles"]
    edited["change_note"] = ["Added the scope"]
    assert editor_client.post(f"/topics/{topic_id}/edit", data=edited).status_code == 302

    refused = client.post(f"/topics/{topic_id}/delete", data=stale_form)

    assert refused.status_code == 409
    assert "after you opened this page" in refused.text
    assert "Caps on enrichment levels and stockpiles" in refused.text
    assert "Added the scope" in refused.text
    with app.app_context():
        assert db.session.get(Topic, topic_id) is not None
    fresh_form = form_fields(refused.text)
    assert fresh_form["version"] == ["2"]
    assert client.post(f"/topics/{topic_id}/delete", data=fresh_form).status_code == 302
    with app.app_context():
        assert db.session.get(Topic, topic_id) is None


def test_the_delete_service_compares_the_version_it_was_given(app):
    with app.app_context():
        topic = topics.create(db.session, None, {"name": "Enrichment caps"})
        topics.update(db.session, None, topic, {"description": "Levels"})
        db.session.commit()
        with pytest.raises(StaleRecord):
            topics.delete(db.session, None, topic, expected_version=1)
        db.session.rollback()
        topics.delete(db.session, None, topic, expected_version=2)
        db.session.commit()
        assert db.session.scalars(select(Topic)).all() == []


# -- the migration: files that already reused ids, or hold history beyond the table ---------

TOPIC = sa.table(
    "topic",
    sa.column("id", sa.Integer),
    sa.column("uid", sa.Uuid),
    sa.column("name", sa.String),
    sa.column("slug", sa.String),
    sa.column("version", sa.Integer),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)
CHANGE = sa.table(
    "change_record",
    sa.column("changed_at", UTCDateTime()),
    sa.column("record_kind", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("record_uid", sa.Uuid),
    sa.column("record_label", sa.String),
    sa.column("action", sa.String),
    sa.column("version", sa.Integer),
    sa.column("changes", sa.JSON),
    sa.column("snapshot", sa.JSON),
    sa.column("is_correction", sa.Boolean),
)


def topic_row(name: str, **extra) -> dict:
    now = dt.datetime.now(dt.UTC)
    return {
        "uid": uuid.uuid4(),
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "version": 1,
        "created_at": now,
        "updated_at": now,
        **extra,
    }


def test_the_migration_moves_every_id_counter_past_the_deleted_records(empty_database_url):
    migrate.upgrade(empty_database_url, "0400_feed_tokens")
    engine = create_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                TOPIC.insert(), [topic_row(f"Topic {number}", id=number) for number in (1, 2, 3)]
            )
            connection.execute(
                CHANGE.insert(),
                [
                    {
                        "changed_at": dt.datetime.now(dt.UTC),
                        "record_kind": "topic",
                        "record_id": 7,
                        "record_uid": uuid.uuid4(),
                        "record_label": "Topic 7",
                        "action": action,
                        "version": 1,
                        "changes": {},
                        "snapshot": {},
                        "is_correction": False,
                    }
                    for action in ("create", "delete")
                ],
            )
            connection.execute(TOPIC.delete().where(TOPIC.c.id == 3))

        migrate.upgrade(empty_database_url)

        with engine.begin() as connection:
            connection.execute(TOPIC.insert(), [topic_row("Topic after the upgrade")])
            connection.execute(TOPIC.delete().where(TOPIC.c.name == "Topic after the upgrade"))
            connection.execute(TOPIC.insert(), [topic_row("Topic after a delete")])
            ids = dict(connection.execute(select(TOPIC.c.name, TOPIC.c.id)).all())
    finally:
        engine.dispose()
    assert ids == {"Topic 1": 1, "Topic 2": 2, "Topic after a delete": 9}
