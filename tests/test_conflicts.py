"""Two editors on one record: nobody's edit is overwritten; the second sees the conflict,
merges and saves again, and the history names both."""

from __future__ import annotations

from conftest import AuthActions
from html_forms import form_fields
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Round
from tracker.services import history
from tracker.services.errors import StaleRecord
from tracker.services.negotiations import rounds


def rome_round_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Round.id).where(Round.number == 2))


def two_editors(app, client):
    """The editor in ``client`` and an admin in a second browser."""
    AuthActions(app, client).login("editor")
    other = app.test_client()
    AuthActions(app, other).login("admin")
    return client, other


def opened(client, path):
    page = client.get(path)
    assert page.status_code == 200
    return form_fields(page.text)


def test_second_save_gets_a_conflict_page_and_merges(app, client, demo):
    round_id = rome_round_id(app)
    path = f"/rounds/{round_id}/edit"
    first, second = two_editors(app, client)
    mine, theirs = opened(first, path), opened(second, path)

    mine["title"] = ["Rome: second round"]
    assert first.post(path, data=mine).status_code == 302

    theirs["summary"] = ["Both sides called the talks constructive."]
    conflict = second.post(path, data=theirs)
    assert conflict.status_code == 409
    assert "Someone else saved this round" in conflict.text
    assert "Test Editor" in conflict.text
    merged = form_fields(conflict.text)
    # the field only the first editor changed now holds their value; ours is kept
    assert merged["title"] == ["Rome: second round"]
    assert merged["summary"] == ["Both sides called the talks constructive."]
    assert merged["version"] == ["2"]
    with app.app_context():
        assert (
            db.session.get(Round, round_id).summary != "Both sides called the talks constructive."
        )

    assert second.post(path, data=merged).status_code == 302
    with app.app_context():
        saved = db.session.get(Round, round_id)
        assert saved.title == "Rome: second round"
        assert saved.summary == "Both sides called the talks constructive."
        changes = history.changes_to(db.session, "round", round_id)
        assert [(c.actor_name, sorted(c.changes)) for c in changes[:2]] == [
            ("Test Admin", ["summary"]),
            ("Test Editor", ["title"]),
        ]


def test_a_clash_shows_both_values_and_keeps_the_editors_own(app, client, demo):
    round_id = rome_round_id(app)
    path = f"/rounds/{round_id}/edit"
    first, second = two_editors(app, client)
    mine, theirs = opened(first, path), opened(second, path)
    mine["title"] = ["Title from the first editor"]
    theirs["title"] = ["Title from the second editor"]
    assert first.post(path, data=mine).status_code == 302
    conflict = second.post(path, data=theirs)
    assert conflict.status_code == 409
    assert "Title from the first editor" in conflict.text
    assert "both of you changed it" in conflict.text
    assert form_fields(conflict.text)["title"] == ["Title from the second editor"]


def test_a_record_deleted_meanwhile_is_a_clear_409(app, client, demo):
    round_id = rome_round_id(app)
    path = f"/rounds/{round_id}/edit"
    first, second = two_editors(app, client)
    mine = opened(first, path)
    assert second.post(f"/rounds/{round_id}/delete").status_code == 302
    response = first.post(path, data=mine)
    assert response.status_code == 404  # the record is gone; its history says who deleted it


def test_the_service_refuses_a_stale_version_and_carries_the_record(app, session, demo):
    round_ = session.scalar(select(Round).where(Round.number == 2))
    try:
        rounds.update(session, None, round_, {"title": "x"}, expected_version=round_.version - 1)
    except StaleRecord as stale:
        assert stale.record is round_ and stale.expected_version == round_.version - 1
    else:
        raise AssertionError("a stale version was accepted")


def test_a_save_racing_past_the_version_check_is_caught_by_the_version_column(app, demo):
    """Both editors passed the version check; the second UPDATE finds the row moved on."""
    from sqlalchemy.orm import Session

    with app.app_context():
        round_id = rome_round_id(app)
        with Session(db.engine, expire_on_commit=False) as first, Session(db.engine) as second:
            mine = first.get(Round, round_id)
            first.commit()  # the copy in hand stays at the version it was read at
            theirs = second.get(Round, round_id)
            rounds.update(second, None, theirs, {"title": "Saved first"})
            second.commit()
            try:
                rounds.update(first, None, mine, {"title": "Saved second"}, expected_version=1)
            except StaleRecord as stale:
                assert stale.record is mine and stale.expected_version == 1
                first.rollback()
            else:
                raise AssertionError("the second save overwrote the first")
        assert db.session.get(Round, round_id).title == "Saved first"
        titles = [
            c.changes.get("title", [None, None])[1]
            for c in history.changes_to(db.session, "round", round_id)
        ]
        assert "Saved second" not in titles
