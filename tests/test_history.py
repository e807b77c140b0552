"""Every change is kept with its author, diff and note; corrections are public; admins restore
deleted records and roll records back, and each of those is itself a change."""

from __future__ import annotations

import datetime as dt

from html_forms import form_fields
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import (
    ChangeAction,
    ChangeRecord,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Verification,
)
from tracker.services import catalogue, history
from tracker.services.catalogue import venues


def account(role: str):
    from tracker.services.accounts import find_user_by_email

    return find_user_by_email(db.session, f"{role}@newsroom.example.org")


def changes_of(kind: str, record_id: int) -> list[ChangeRecord]:
    return history.changes_to(db.session, kind, record_id)


def rome_round() -> Round:
    return db.session.scalar(select(Round).where(Round.number == 2))


def edit(client, path: str, note: str = "", **changes):
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = form_fields(page.text)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    if note:
        data["change_note"] = [note]
    return client.post(path, data=data)


def test_create_update_and_delete_are_kept_with_author_and_diff(app, auth, client):
    auth.login("editor")
    response = client.post(
        "/venues/new", data={"name": "Muscat", "city": "Muscat", "country_code": "OM"}
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        venue_id = db.session.scalar(select(func.max(ChangeRecord.record_id)))
    response = edit(client, f"/venues/{venue_id}/edit", note="City was misspelt", city="Masqat")
    assert response.status_code == 302, response.text
    with app.app_context():
        created, updated = reversed(changes_of("venue", venue_id))
        assert created.action is ChangeAction.CREATE
        editor = account("editor")
        assert created.actor_id == editor.id and created.actor_name == editor.name
        assert created.snapshot["name"] == "Muscat"
        assert updated.action is ChangeAction.UPDATE
        assert updated.changes == {"city": ["Muscat", "Masqat"]}
        assert updated.note == "City was misspelt"
        assert updated.version == 2
        admin_venue = venues.get(db.session, venue_id)
        venues.delete(db.session, None, admin_venue, note="Duplicate")
        db.session.commit()
        deleted = changes_of("venue", venue_id)[0]
        assert deleted.action is ChangeAction.DELETE
        assert deleted.snapshot["city"] == "Masqat" and deleted.who == "the system"


def test_a_failed_save_leaves_no_history(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        before = db.session.scalar(select(func.count(ChangeRecord.id)))
        source_id = db.session.scalar(select(Source.id))
    response = edit(client, f"/sources/{source_id}/edit", headline="")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(ChangeRecord.id))) == before


def test_saving_an_unchanged_form_records_nothing(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        round_id = rome_round().id
        count = len(changes_of("round", round_id))
    assert edit(client, f"/rounds/{round_id}/edit").status_code == 302
    with app.app_context():
        assert len(changes_of("round", round_id)) == count
        assert rome_round().version == 1


def test_changing_only_the_sources_is_recorded_and_bumps_the_version(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        outcome = db.session.scalar(select(ReportedOutcome))
        outcome_id, sources = outcome.id, [s.id for s in outcome.sources]
        extra = Source(headline="Second report")
        db.session.add(extra)
        db.session.commit()
        extra_id = extra.id
    response = edit(
        client, f"/outcomes/{outcome_id}/edit", source_ids=[str(i) for i in [*sources, extra_id]]
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        latest = changes_of("outcome", outcome_id)[0]
        assert latest.changes == {"source_ids": [sources, sorted([*sources, extra_id])]}
        assert db.session.get(ReportedOutcome, outcome_id).version == 2


def test_araghchi_correction_is_public_and_marks_the_fact_corrected(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        statement = db.session.scalar(select(Statement).join(Statement.speaker))
        statement_id = statement.id
    note = (
        "An earlier version called Abbas Araghchi deputy foreign minister; "
        "he is the foreign minister."
    )
    started = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    response = edit(
        client,
        f"/statements/{statement_id}/edit",
        speaker_role="Foreign Minister of Iran",
        is_correction="y",
        correction_note=note,
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        corrected = db.session.get(Statement, statement_id)
        assert corrected.verification is Verification.CORRECTED
        assert corrected.correction_note == note
        change = changes_of("statement", statement_id)[0]
        assert change.is_correction and change.correction_note == note
        assert change.changes["speaker_role"][1] == "Foreign Minister of Iran"
        found = history.corrections_since(db.session, since=started)
        assert [c.id for c in found] == [change.id]
        assert history.corrections_since(db.session, kinds=["outcome"]) == []
        assert history.latest_corrections(db.session, "statement", [statement_id]) == {
            statement_id: change
        }
    page = client.get(f"/statements/{statement_id}")
    assert "Corrected:" in page.text and "he is the foreign minister" in page.text


def test_a_correction_without_a_public_note_is_refused_next_to_the_field(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.name == "Abbas Araghchi"))
    response = edit(client, f"/people/{person_id}/edit", is_correction="y", description="x")
    assert response.status_code == 422
    assert "Say publicly what was wrong" in response.text
    response = edit(
        client,
        f"/people/{person_id}/edit",
        is_correction="y",
        correction_public_note="He is the foreign minister, not a deputy.",
        description="Iran's foreign minister.",
    )
    assert response.status_code == 302
    with app.app_context():
        change = changes_of("person", person_id)[0]
        assert change.is_correction
        assert change.correction_note == "He is the foreign minister, not a deputy."


def test_history_page_shows_changes_with_their_authors(app, auth, client, demo):
    with app.app_context():
        round_id = rome_round().id
    auth.login("editor")
    assert edit(client, f"/rounds/{round_id}/edit", title="Rome talks").status_code == 302
    auth.logout()
    auth.login("admin")
    assert (
        edit(client, f"/rounds/{round_id}/edit", note="tidy", title="Rome round").status_code == 302
    )
    page = client.get(f"/rounds/{round_id}/history")
    assert page.status_code == 200
    assert "Test Editor" in page.text and "Test Admin" in page.text
    assert "Rome talks" in page.text and "Rome round" in page.text and "tidy" in page.text
    assert "Roll back to version" in page.text


def test_viewers_see_no_history(client, auth, demo):
    auth.login("viewer")
    assert client.get("/rounds/1/history").status_code == 403
    assert client.get("/changes/").status_code == 403


def test_admin_restores_a_deleted_source_with_its_citations(app, auth, client, demo):
    with app.app_context():
        source = db.session.scalar(
            select(Source).where(
                Source.id.in_(select(Statement.sources.property.secondary.c.source_id))
            )
        )
        source_id, uid, headline = source.id, source.uid, source.headline
        citing = sorted(
            db.session.scalars(
                select(Statement.id).where(Statement.sources.any(Source.id == source_id))
            )
        )
    assert citing
    auth.login("admin")
    assert "Why delete it?" in client.get(f"/sources/{source_id}/delete").text
    deleted = client.post(f"/sources/{source_id}/delete", data={"note": "Duplicate entry"})
    assert deleted.status_code == 302
    assert client.get(f"/sources/{source_id}").status_code == 404
    with app.app_context():
        deletion = changes_of("source", source_id)[0]
        assert deletion.action is ChangeAction.DELETE and deletion.note == "Duplicate entry"
    page = client.get(f"/sources/{source_id}/history")
    assert page.status_code == 200 and "Restore this source" in page.text
    response = client.post(f"/changes/{deletion.id}/restore")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sources/{source_id}")
    with app.app_context():
        restored = db.session.get(Source, source_id)
        assert restored.uid == uid and restored.headline == headline
        assert (
            sorted(
                db.session.scalars(
                    select(Statement.id).where(Statement.sources.any(Source.id == source_id))
                )
            )
            == citing
        )
        assert changes_of("source", source_id)[0].action is ChangeAction.RESTORE
    again = client.post(f"/changes/{deletion.id}/restore")
    assert again.status_code == 302
    assert "restored already" in client.get(again.headers["Location"]).text


def test_restoring_a_round_brings_back_what_was_deleted_with_it(app, auth, client, demo):
    with app.app_context():
        round_ = rome_round()
        round_id = round_.id
        outcomes = sorted(o.id for o in round_.outcomes)
        participations = sorted(p.id for p in round_.participations)
    assert outcomes and participations
    auth.login("admin")
    assert client.post(f"/rounds/{round_id}/delete").status_code == 302
    with app.app_context():
        deletion = changes_of("round", round_id)[0]
        cascaded = db.session.scalars(
            select(ChangeRecord).where(ChangeRecord.caused_by_id == deletion.id)
        ).all()
        assert {(c.record_kind, c.record_id) for c in cascaded} >= {
            ("outcome", i) for i in outcomes
        }
    assert client.post(f"/changes/{deletion.id}/restore").status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert sorted(o.id for o in round_.outcomes) == outcomes
        assert (
            sorted(
                db.session.scalars(
                    select(Participation.id).where(Participation.round_id == round_id)
                )
            )
            == participations
        )
        assert all(o.sources for o in round_.outcomes)


def test_rollback_sets_an_earlier_version_back_as_a_new_change(app, auth, client, demo):
    with app.app_context():
        round_id = rome_round().id
        original = rome_round().title
    auth.login("admin")
    assert edit(client, f"/rounds/{round_id}/edit", title="Wrong title").status_code == 302
    with app.app_context():
        first = changes_of("round", round_id)[-1]
        assert first.action is ChangeAction.CREATE
    response = client.post(f"/rounds/{round_id}/history/{first.id}/rollback")
    assert response.status_code == 302
    with app.app_context():
        assert rome_round().title == original
        latest = changes_of("round", round_id)[0]
        assert latest.action is ChangeAction.ROLLBACK
        assert latest.changes["title"] == ["Wrong title", original]


def test_editors_may_not_roll_back_or_restore(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        change_id = db.session.scalar(select(ChangeRecord.id))
    assert client.post(f"/rounds/1/history/{change_id}/rollback").status_code == 403
    assert client.post(f"/changes/{change_id}/restore").status_code == 403


def test_recent_changes_filter_by_user_kind_and_date(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        round_id = rome_round().id
        editor_id = account("editor").id
    assert edit(client, f"/rounds/{round_id}/edit", title="Filtered title").status_code == 302
    page = client.get(f"/changes/?user={editor_id}")
    assert page.status_code == 200
    assert "Filtered title" in page.text and "1 change" in page.text
    assert "Filtered title" in client.get("/changes/?kind=round").text
    assert "Filtered title" not in client.get("/changes/?kind=venue").text
    today = dt.datetime.now(dt.UTC).date()
    assert "Filtered title" in client.get(f"/changes/?since={today}&until={today}").text
    yesterday = today - dt.timedelta(days=1)
    assert "Filtered title" not in client.get(f"/changes/?until={yesterday}").text
    assert client.get(f"/changes/?since={today}&until={yesterday}").status_code == 422
    assert client.get("/changes/?since=2025-02-30").status_code == 422
    assert client.get("/changes/?user=abc").status_code == 422


def test_password_changes_are_recorded_without_the_hash(app, auth, client):
    auth.login("editor")
    response = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "a much longer new password",
            "confirm_password": "a much longer new password",
        },
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        change = changes_of("user", account("editor").id)[0]
        assert change.changes == {"password_hash": [history.HIDDEN, history.HIDDEN]}
        assert "password_hash" not in change.snapshot and "session_token" not in change.snapshot


def test_restoring_a_person_brings_back_titles_participations_and_quotes(app, auth, client, demo):
    with app.app_context():
        person = db.session.scalar(select(Person).join(Person.statements).limit(1))
        person_id = person.id
        titles = sorted(t.title for t in person.titles)
        participations = sorted(p.id for p in person.participations)
        quoted = sorted(s.id for s in person.statements)
    assert quoted and (titles or participations)
    auth.login("admin")
    assert client.post(f"/people/{person_id}/delete").status_code == 302
    with app.app_context():
        assert (
            db.session.scalars(select(Statement.id).where(Statement.speaker_id == person_id)).all()
            == []
        )
        deletion = changes_of("person", person_id)[0]
    assert client.post(f"/changes/{deletion.id}/restore").status_code == 302
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert sorted(t.title for t in person.titles) == titles
        assert sorted(p.id for p in person.participations) == participations
        assert sorted(s.id for s in person.statements) == quoted


def test_a_restore_writes_the_links_it_puts_back_into_each_records_history(app, demo):
    with app.app_context():
        statement = db.session.scalar(select(Statement).where(Statement.sources.any()))
        statement_id, source = statement.id, statement.sources[0]
        cited = sorted(s.id for s in statement.sources)
        catalogue.sources.delete(db.session, None, source)
        db.session.commit()
        deletion = changes_of("source", source.id)[0]
        history.restore(db.session, None, deletion)
        db.session.commit()

        relinked = changes_of("statement", statement_id)[0]
        assert relinked.action is ChangeAction.UPDATE
        assert relinked.note.startswith("Linked again to")
        assert relinked.changes["source_ids"][1] == cited
        assert sorted(s.id for s in db.session.get(Statement, statement_id).sources) == cited
