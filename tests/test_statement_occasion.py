"""The trial of one declaration per kind: a statement's occasion ("press conference in Muscat")
was added as a model column, a migration and one declared line, and reaches every door."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.exports.csv import stream_csv
from tracker.extensions import db
from tracker.models import Statement, UserRole
from tracker.services.imports import import_csv

OCCASION = "Press conference in Muscat"
STATEMENT = {
    "speaker_id": "1",
    "attribution": "on_record",
    "text_original": "We will keep talking.",
    "language": "en",
    "speech": "direct",
    "verification": "reported",
    "when_edtf": "2025-04",
    "source_ids": ["1"],
}


def newest_statement(app) -> Statement:
    with app.app_context():
        statement = db.session.scalars(select(Statement).order_by(Statement.id.desc())).first()
        db.session.expunge(statement)
        return statement


def test_the_form_takes_an_occasion_and_the_page_shows_it(app, client, auth, demo):
    auth.login(UserRole.EDITOR)
    form = client.get("/statements/new").text
    assert 'name="occasion"' in form and "Where or how it was said" in form
    saved = client.post("/statements/new", data={**STATEMENT, "occasion": OCCASION})
    assert saved.status_code == 302, saved.text
    assert newest_statement(app).occasion == OCCASION
    page = client.get(saved.headers["Location"]).text
    assert "<dt>Where or how it was said</dt>" in page and OCCASION in page


def test_an_occasion_over_300_characters_is_refused_beside_the_field(app, client, auth, demo):
    auth.login(UserRole.EDITOR)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Statement))
    response = client.post("/statements/new", data={**STATEMENT, "occasion": "x" * 301})
    assert response.status_code == 422
    page = response.text
    error = page[page.index('id="occasion-error"') :][:300]
    assert "300" in error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Statement)) == before
    assert (
        client.post("/statements/new", data={**STATEMENT, "occasion": "x" * 300}).status_code == 302
    )


def test_the_arabic_form_labels_the_occasion_in_arabic(client, auth, demo):
    auth.login(UserRole.EDITOR)
    page = client.get("/statements/new", headers={"Accept-Language": "ar"}).text
    assert "أين قيل أو في أي مناسبة" in page


def test_the_api_returns_and_documents_the_occasion(app, client, auth, demo):
    auth.login(UserRole.EDITOR)
    client.post("/statements/new", data={**STATEMENT, "occasion": OCCASION})
    record_id = newest_statement(app).id
    assert client.get(f"/api/v1/statements/{record_id}").json["occasion"] == OCCASION
    schema = client.get("/api/openapi.json").json["components"]["schemas"]["Statement"]
    assert schema["properties"]["occasion"]["type"] == ["string", "null"]
    assert "occasion" in schema["required"]


def test_the_occasion_goes_out_in_the_csv_and_comes_back_in(app, client, auth, demo):
    auth.login(UserRole.EDITOR)
    client.post("/statements/new", data={**STATEMENT, "occasion": OCCASION})
    record = newest_statement(app)
    with app.app_context():
        body = b"".join(stream_csv(db.engine, ENTITY_EXPORTS["statements"]))
        row = next(
            row
            for row in csv.DictReader(io.StringIO(body.decode()))
            if row["uid"] == str(record.uid)
        )
        assert row["occasion"] == OCCASION
        db.session.delete(db.session.get(Statement, record.id))
        db.session.commit()
        single = io.StringIO()
        writer = csv.DictWriter(single, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
        report = import_csv(db.session, None, "statements", single.getvalue().encode(), commit=True)
        assert report.ok and report.committed, report.problems
        db.session.commit()
        imported = db.session.scalars(
            select(Statement).where(Statement.text_original == STATEMENT["text_original"])
        ).one()
        assert imported.occasion == OCCASION


def test_a_change_of_occasion_shows_in_the_history(app, client, auth, demo):
    auth.login(UserRole.EDITOR)
    client.post("/statements/new", data={**STATEMENT, "occasion": OCCASION})
    record = newest_statement(app)
    edited = client.post(
        f"/statements/{record.id}/edit",
        data={**STATEMENT, "occasion": "Interview with state TV", "version": record.version},
    )
    assert edited.status_code == 302, edited.text
    auth.login(UserRole.ADMIN)
    history = client.get(f"/statements/{record.id}/history").text
    assert "Where or how it was said" in history
    assert OCCASION in history and "Interview with state TV" in history
