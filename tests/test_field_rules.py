"""Every door obeys the same field rules: length, control characters, required values.

The rules are read off the model's columns (:mod:`tracker.services.field_rules`) and applied
by the services, so the web forms, the CSV import, the CLI, quick add and sign-in all refuse an
over-long value, a NUL byte or a missing required value with a message naming the field (row
and column for imports), write nothing, and never answer 500 on PostgreSQL, which refuses NUL
outright. A statement's round belongs to its negotiation, whichever door it came through.
"""

from __future__ import annotations

import re

import pytest
from conftest import create_account
from html_forms import form_fields
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.kinds.declarations import kind_writing
from tracker.models import (
    ApiToken,
    Negotiation,
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    UserRole,
)
from tracker.services import facts, negotiations
from tracker.services.errors import RuleViolation
from tracker.services.imports import import_csv
from tracker.services.registry import service_for

#: kind -> (its pages, a one-line text field and its length, a required field)
KINDS = {
    "negotiation": ("negotiations", "title", 200, "title"),
    "round": ("rounds", "title", 200, "negotiation_id"),
    "participation": ("participations", None, None, "person_id"),
    "outcome": ("outcomes", "when_text", 200, "summary"),
    "statement": ("statements", "speaker_role", 200, "text_original"),
    "development": ("developments", "headline", 300, "headline"),
    "person": ("people", "name", 200, "name"),
    "title": ("titles", "title", 200, "title"),
    "organisation": ("organisations", "name", 200, "name"),
    "venue": ("venues", "name", 200, "name"),
    "topic": ("topics", "name", 200, "name"),
    "source": ("sources", "headline", 500, "headline"),
    "user": ("users", "name", 200, "name"),
}
#: kind -> a multi-line text field, where a NUL is refused though line breaks are kept
PARAGRAPHS = {
    "negotiation": "summary",
    "round": "summary",
    "participation": "note",
    "outcome": "summary",
    "statement": "text_original",
    "development": "description",
    "person": "description",
    "organisation": "description",
    "topic": "description",
    "source": "notes",
}


def first_id(kind: str) -> int:
    model = service_for(kind).model
    return db.session.scalar(select(func.min(model.id)))


def snapshot(kind: str) -> dict:
    """The first record of ``kind`` as stored, read fresh from the database."""
    db.session.rollback()
    model = service_for(kind).model
    record = db.session.get(model, first_id(kind))
    return {column.key: getattr(record, column.key) for column in model.__table__.columns}


def refusal(kind: str, values: dict) -> RuleViolation:
    service = service_for(kind)
    record = service.get(db.session, first_id(kind))
    with pytest.raises(RuleViolation) as refused:
        service.update(db.session, None, record, values)
    db.session.rollback()
    return refused.value


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_refuses_bad_values_in_its_service_naming_the_field(app, demo, kind):
    create_account(app, UserRole.EDITOR)
    with app.app_context():
        _pages, line, length, required = KINDS[kind]
        before = snapshot(kind)
        attempts = [({required: None}, required, "it is required.")]
        if line is not None:
            attempts += [
                ({line: "x" * (length + 1)}, line, f"at most {length} characters"),
                ({line: "a\x00b"}, line, "control characters"),
                ({line: "bell\x07"}, line, "control characters"),
                ({line: "two\nlines"}, line, "one line"),
            ]
        if kind in PARAGRAPHS:
            attempts.append(({PARAGRAPHS[kind]: "para\x00graph"}, PARAGRAPHS[kind], "control"))
        for values, field, wording in attempts:
            refused = refusal(kind, values)
            assert refused.field == field, (values, refused.field, refused.message)
            assert wording in refused.message
            assert snapshot(kind) == before


@pytest.mark.parametrize("kind", [kind for kind in PARAGRAPHS if kind != "participation"])
def test_paragraphs_keep_their_line_breaks_and_tabs(session, demo, kind):
    field = PARAGRAPHS[kind]
    service = service_for(kind)
    service.update(
        db.session, None, service.get(db.session, first_id(kind)), {field: "one\n\ttwo\r\nthree"}
    )
    db.session.commit()
    assert snapshot(kind)[field] == "one\n\ttwo\r\nthree"


def test_numbers_beyond_what_the_database_stores_are_refused(session, demo):
    round_ = negotiations.rounds.get(db.session, first_id("round"))
    with pytest.raises(RuleViolation) as refused:
        negotiations.rounds.update(db.session, None, round_, {"number": 2**31})
    assert refused.value.field == "number"
    assert "whole number" in refused.value.message


def test_a_change_note_with_a_nul_is_refused_before_anything_is_recorded(session, demo):
    round_ = negotiations.rounds.get(db.session, first_id("round"))
    changes_before = len(round_.schedule_changes)
    with pytest.raises(RuleViolation) as refused:
        negotiations.rounds.update(
            db.session, None, round_, {"status": "postponed"}, note="moved\x00"
        )
    assert refused.value.field == "change_note"
    db.session.rollback()
    assert len(negotiations.rounds.get(db.session, first_id("round")).schedule_changes) == (
        changes_before
    )


# -- the web forms -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_form_refuses_bad_values_beside_the_field(app, client, auth, demo, kind):
    auth.login("admin")
    pages, line, length, required = KINDS[kind]
    with app.app_context():
        path = f"/{pages}/{first_id(kind)}/edit"
        before = snapshot(kind)
    attempts = [(required, "")]
    if line is not None:
        attempts += [(line, "x" * (length + 1)), (line, "a\x00b")]
    for field, value in attempts:
        data = form_fields(client.get(path).text)
        data[field] = [value]
        response = client.post(path, data=data)
        assert response.status_code == 422, (field, value[:5], response.status_code)
        assert re.search(rf'id="{field}-error"', response.text), field
        with app.app_context():
            assert snapshot(kind) == before


# -- the CSV import and the CLI ---------------------------------------------------------------

NEGOTIATION = "Iran–US indirect talks (2025)"
SOURCE = "https://example.org/report"
#: kind -> a valid row's cells by column
IMPORT_ROWS = {
    "people": {"name": "New Envoy", "description": "An envoy."},
    "sources": {"url": SOURCE, "headline": "A report", "notes": "Read."},
    "rounds": {"negotiation": NEGOTIATION, "number": "9", "title": "Ninth", "summary": "Later."},
    "outcomes": {
        "negotiation": NEGOTIATION,
        "round_number": "1",
        "summary": "Both sides agreed to meet again.",
        "date_text": "on Saturday",
        "sources": SOURCE,
    },
    "statements": {
        "negotiation": NEGOTIATION,
        "text_original": "We will meet again.",
        "speaker_role": "spokesman",
        "attribution": "anonymous",
        "speaker_description": "an official",
        "sources": SOURCE,
    },
}
#: kind -> (a one-line column and its length, a required column)
IMPORT_CASES = {
    "people": ("name", 200, "name"),
    "sources": ("headline", 500, "headline"),
    "rounds": ("title", 200, "negotiation"),
    "outcomes": ("date_text", 200, "summary"),
    "statements": ("speaker_role", 200, "text_original"),
}
IMPORTED_MODEL = {
    "people": Person,
    "sources": Source,
    "rounds": Round,
    "outcomes": ReportedOutcome,
    "statements": Statement,
}


def csv_body(row: dict[str, str]) -> bytes:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    return (",".join(row) + "\r\n" + ",".join(cell(value) for value in row.values())).encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def bad_rows(kind: str) -> list[tuple[dict[str, str], str]]:
    """Variants of a valid row, each with one bad cell, and the column it must be blamed on."""
    line, length, required = IMPORT_CASES[kind]
    good = IMPORT_ROWS[kind]
    return [
        ({**good, line: "x" * (length + 1)}, line),
        ({**good, line: "a\x00b"}, line),
        ({**good, line: "escape \x1b[31m"}, line),
        ({**good, required: ""}, required),
    ]


@pytest.mark.parametrize("kind", list(IMPORT_ROWS))
def test_every_import_names_the_row_and_column_of_a_bad_cell(session, demo, kind):
    model = IMPORTED_MODEL[kind]
    good = import_csv(
        db.session, None, kind, csv_body(IMPORT_ROWS[kind]), create_missing=True, commit=False
    )
    assert good.ok, good.problems
    before = count(model)
    for row, column in bad_rows(kind):
        report = import_csv(db.session, None, kind, csv_body(row), create_missing=True, commit=True)
        assert not report.committed
        assert [(problem.row, problem.column) for problem in report.problems] == [(1, column)], (
            column,
            report.problems,
        )
        db.session.rollback()
        assert count(model) == before


@pytest.mark.parametrize("kind", list(IMPORT_ROWS))
def test_the_cli_import_names_the_row_and_column_and_saves_nothing(
    app, runner, demo, tmp_path, kind
):
    model = IMPORTED_MODEL[kind]
    with app.app_context():
        before = count(model)
    for row, column in bad_rows(kind):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(csv_body(row))
        result = runner.invoke(args=["import", kind, str(path), "--commit", "--create-missing"])
        assert result.exit_code == 1, result.output
        assert f"row 1, column {column}:" in result.output
        assert "Nothing imported" in result.output
    with app.app_context():
        assert count(model) == before


@pytest.mark.parametrize(
    ("email", "name", "field"),
    [
        ("nul\x00@newsroom.example.org", "Nul", "email"),
        ("long@newsroom.example.org", "x" * 201, "name"),
        ("bell@newsroom.example.org", "ring \x07", "name"),
    ],
)
def test_the_cli_account_command_names_the_field(app, runner, email, name, field):
    result = runner.invoke(
        args=["create-user", email, "--name", name], input="a long enough password\n"
    )
    assert result.exit_code == 1, result.output
    assert f"Error: {field}:" in result.output
    with app.app_context():
        assert count(service_for("user").model) == 0


# -- sign-in and quick add ---------------------------------------------------------------------


@pytest.mark.parametrize("email", ["editor\x00@newsroom.example.org", "a" * 300 + "@example.org"])
def test_a_nul_or_overlong_sign_in_email_is_refused_not_a_500(app, client, auth, email):
    auth.login("editor")
    auth.logout()
    response = client.post("/login", data={"email": email, "password": "whatever it is"})
    assert response.status_code == 422
    assert 'class="error"' in response.text


def post_quick_add(client, **values):
    data = {"kind": "development", "when_edtf": "2025-04-23"} | values
    return client.post("/quick-add/", data=data)


def test_quick_add_refuses_a_nul_in_the_link_beside_the_field(app, client, auth, demo):
    auth.login("editor")
    with app.app_context():
        sources = count(Source)
    response = post_quick_add(
        client,
        text="Talks set for Saturday",
        negotiation_id="1",
        source_outlet="Oman News Agency",
        source_url="https://omannews.gov.om/a\x00b",
    )
    assert response.status_code == 422
    assert 'id="source_url-error"' in response.text
    response = post_quick_add(
        client, text="Talks set for Saturday", negotiation_id="1", source_outlet="Oman\x00 News"
    )
    assert response.status_code == 422
    assert 'id="source_outlet-error"' in response.text
    with app.app_context():
        assert count(Source) == sources


def test_a_quick_development_headline_is_one_line(app, client, auth, demo):
    auth.login("editor")
    response = post_quick_add(
        client,
        text="Talks set\r\nfor   Saturday",
        negotiation_id="1",
        source_outlet="Oman News Agency",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(
            select(func.count())
            .select_from(Source)
            .where(Source.headline == "Talks set for Saturday")
        )


# -- a statement's round belongs to its negotiation --------------------------------------------


@pytest.fixture
def other_round(app, demo) -> int:
    """A round of a second negotiation."""
    with app.app_context():
        other = negotiations.negotiations.create(
            db.session, None, {"title": "Iraq factions talks (2025)"}
        )
        round_ = negotiations.rounds.create(
            db.session, None, {"negotiation_id": other.id, "number": 1}
        )
        db.session.commit()
        return round_.id


def test_a_statement_with_another_negotiations_round_is_refused(session, other_round):
    statement = facts.statements.get(db.session, 1)
    negotiation_id = statement.negotiation_id
    assert db.session.get(Round, other_round).negotiation_id != negotiation_id
    with pytest.raises(RuleViolation) as refused:
        facts.statements.update(db.session, None, statement, {"round_id": other_round})
    assert refused.value.field == "round_id"
    db.session.rollback()
    with pytest.raises(RuleViolation) as refused:
        facts.developments.update(
            db.session, None, facts.developments.get(db.session, 1), {"round_id": other_round}
        )
    assert refused.value.field == "round_id"


def test_the_statement_form_refuses_another_negotiations_round(app, client, auth, other_round):
    auth.login("editor")
    path = "/statements/1/edit"
    data = form_fields(client.get(path).text)
    data["round_id"] = [str(other_round)]
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert 'id="round_id-error"' in response.text
    assert "another negotiation" in response.text
    with app.app_context():
        assert db.session.get(Statement, 1).round_id != other_round


def test_quick_add_refuses_a_statement_with_another_negotiations_round(
    app, client, auth, other_round
):
    auth.login("editor")
    with app.app_context():
        negotiation_id = db.session.scalar(
            select(Negotiation.id).where(Negotiation.title == NEGOTIATION)
        )
        statements = count(Statement)
    response = post_quick_add(
        client,
        kind="statement",
        text="We will meet again.",
        speaker_description="an official",
        negotiation_id=str(negotiation_id),
        round_id=str(other_round),
        source_outlet="Oman News Agency",
    )
    assert response.status_code == 422
    assert 'id="round_id-error"' in response.text
    with app.app_context():
        assert count(Statement) == statements


def test_the_cli_token_command_refuses_control_characters_in_the_name(app, runner):
    create_account(app, UserRole.EDITOR, "editor@newsroom.example.org")
    result = runner.invoke(
        args=["create-token", "editor@newsroom.example.org", "--name", "sync\x00job"]
    )
    assert result.exit_code == 1, result.output
    assert "control characters" in result.output
    with app.app_context():
        assert count(ApiToken) == 0


@pytest.mark.parametrize("kind", sorted(PARAGRAPHS))
def test_a_paragraph_over_its_declared_limit_is_refused_by_every_door(session, demo, kind):
    """An unsized ``Text`` column takes the limit its kind declares (tracker.kinds), in the
    service, so the import, the CLI and quick add keep to what the form says."""
    field = PARAGRAPHS[kind]
    limit = kind_writing(kind).field(field).max_length
    assert limit is not None
    refused = refusal(kind, {field: "x" * (limit + 1)})
    assert refused.field == field and f"at most {limit} characters" in refused.message
