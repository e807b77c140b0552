"""The reporters' pages read in Arabic too (timeline, history, exports, imports, profile), and
the history names every record in words, never as Python's ``<… object at 0x…>`` text."""

from __future__ import annotations

from sqlalchemy import select, update

from tracker.extensions import db
from tracker.models import ChangeRecord, Participation


def test_the_timeline_reads_in_arabic_with_its_filter_errors(client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    page = client.get("/timeline/")
    assert page.status_code == 200
    assert "عرض المدخلات" in page.text and "ما التالي" in page.text
    assert "Show entries" not in page.text and "What's next" not in page.text
    refused = client.get("/timeline/?kind=rumour&date_from=12/04/2025")
    assert refused.status_code == 400
    assert "اختر نوعًا من القائمة." in refused.text
    assert "أدخل التاريخ بصيغة YYYY-MM-DD." in refused.text


def test_history_exports_imports_and_profile_read_in_arabic(client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    expected = {
        "/changes/": "<h1>آخر التغييرات</h1>",
        "/exports/": "تنزيل CSV",
        "/imports/": "معاينة الاستيراد",
        "/profile": "رموز الواجهة البرمجية",
    }
    for path, text in expected.items():
        page = client.get(path, follow_redirects=True)
        assert page.status_code == 200, path
        assert text in page.text, path


def test_a_participation_is_named_by_its_person_and_round(app, client, auth, demo):
    with app.app_context():
        seat = db.session.scalars(select(Participation)).first()
        assert str(seat) == f"{seat.person} at {seat.round.label}"
        named = db.session.scalars(
            select(ChangeRecord).where(ChangeRecord.record_kind == "participation")
        ).first()
        assert named is not None and named.record_label == str(
            db.session.get(Participation, named.record_id)
        )
    auth.login("editor")
    page = client.get("/changes/?kind=participation")
    assert page.status_code == 200
    assert "object at 0x" not in page.text and named.record_label in page.text


def test_changes_saved_with_python_object_text_are_named_by_kind_and_id(app, client, auth, demo):
    with app.app_context():
        change = db.session.scalars(
            select(ChangeRecord).where(ChangeRecord.record_kind == "participation")
        ).first()
        db.session.execute(
            update(ChangeRecord)
            .where(ChangeRecord.id == change.id)
            .values(record_label="<tracker.models.negotiations.Participation object at 0x7f3a>")
        )
        db.session.commit()
        change_id, record_id = change.id, change.record_id
    auth.login("editor")
    for path in ("/changes/?kind=participation", f"/changes/{change_id}"):
        page = client.get(path)
        assert page.status_code == 200
        assert "object at 0x" not in page.text and f"participation {record_id}" in page.text


def test_a_topic_page_places_statements_in_the_talks_in_arabic(app, client, auth, demo):
    from tracker.models import Topic
    from tracker.services.positions import topic_positions

    with app.app_context():
        for topic in db.session.scalars(select(Topic)):
            parties = topic_positions(db.session, topic)
            placed = [p for party in parties for p in party.positions if p.period_rounds]
            if placed:
                break
        position = placed[0]
        topic_id, rounds = topic.id, position.period_rounds
        english = position.period
    assert english.startswith(("At ", "Around ", "Before ", "After "))
    client.get("/language/ar")
    auth.login("editor")
    page = client.get(f"/topics/{topic_id}").text
    assert english not in page
    assert any(
        f"{word} {rounds.get('round') or rounds['first']}" in page
        for word in ("في", "في حدود", "قبل", "بعد")
    )


def test_recent_changes_name_fields_and_kinds_in_arabic(client, auth, demo):
    client.get("/language/ar")
    auth.login("admin")  # account history is for admins
    page = client.get("/changes/?kind=user").text
    assert '<th scope="row">الاسم</th>' in page or '<th scope="row">البريد الإلكتروني</th>' in page
    assert '<th scope="row">Name</th>' not in page
