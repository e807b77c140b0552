"""Every column of every kind of record is accounted for: it appears in the kind's form, CSV
export, CSV import, API and record page, or its declaration says why not.

Each test reads what the door really puts out (the fields of the form a page builds, the
header of an export, the values the importer makes of a row, the keys of an API response, the
lines of a record's page), so a field an adapter skips fails here even though it is declared.
"""

from __future__ import annotations

import csv
import io

import pytest
from flask import url_for
from sqlalchemy import inspect, select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.exports.csv import stream_csv
from tracker.extensions import db
from tracker.kinds.declarations import KINDS, kind_writing
from tracker.kinds.spec import API, BOOKKEEPING, CSV, DETAIL, FORM, IMPORT, LIST, SURFACES, Kind
from tracker.models import Round, UserRole
from tracker.services.imports import IMPORTERS
from tracker.services.imports.related import Related
from tracker.services.record_kinds import RECORD_SERVICES
from tracker.views import RECORD_PAGES

PAGES = {pages.kind.name: pages for pages in RECORD_PAGES}


def kinds_shown_in(surface: str) -> list[Kind]:
    return [kind for kind in KINDS if surface not in kind.omitted]


def by_name(kinds: list[Kind]) -> dict:
    return {"argvalues": kinds, "ids": [kind.name for kind in kinds]}


def test_every_kind_of_record_is_declared_once():
    declared = [kind_writing(service.kind) for service in RECORD_SERVICES]
    assert all(kind is not None for kind in declared)
    assert [kind.model for kind in declared if kind] == [s.model for s in RECORD_SERVICES]
    assert len({kind.name for kind in KINDS}) == len(KINDS) == len(RECORD_SERVICES)


@pytest.mark.parametrize("kind", **by_name(list(KINDS)))
def test_every_column_and_many_to_many_link_is_declared(kind):
    mapper = inspect(kind.model)
    columns = {attribute.key for attribute in mapper.column_attrs} - BOOKKEEPING
    links = {rel.key for rel in mapper.relationships if rel.secondary is not None}
    assert sorted(spec.attribute for spec in kind.fields) == sorted(columns | links)


@pytest.mark.parametrize("kind", **by_name(list(KINDS)))
def test_every_omission_names_a_surface_and_says_why(kind):
    omissions = [*kind.omitted.items()]
    omissions += [item for spec in kind.fields for item in spec.omitted.items()]
    for surface, reason in omissions:
        assert surface in (*SURFACES, LIST)
        assert len(reason.split()) >= 2, reason


@pytest.mark.parametrize("kind", **by_name(list(KINDS)))
def test_the_services_take_every_collection_the_kind_declares(kind):
    service = next(s for s in RECORD_SERVICES if s.kind == kind.service_kind)
    declared = {spec.value_key: spec.attribute for spec in kind.fields if spec.type == "references"}
    assert declared == {key: attribute for key, (attribute, _model) in service.collections.items()}


@pytest.mark.parametrize("kind", **by_name(kinds_shown_in(FORM)))
def test_the_form_has_every_declared_field_with_its_limits(app, kind):
    with app.test_request_context():
        form = PAGES[kind.name].form_class()
    for spec in kind.on(FORM):
        assert spec.value_key in form, f"{kind.name} form lacks {spec.value_key}"
        field = form[spec.value_key]
        if type(field) not in (StringField, TextAreaField):
            continue  # a date, a time zone or a picker checks its value its own way
        lengths = [v.max for v in field.validators if isinstance(v, Length)]
        assert lengths == ([spec.max_length] if spec.max_length else []), spec.attribute
        assert spec.required == any(isinstance(v, DataRequired) for v in field.validators)


def export_rows(kind: Kind) -> tuple[list[str], list[dict[str, str]]]:
    body = b"".join(stream_csv(db.engine, ENTITY_EXPORTS[kind.name])).decode()
    reader = csv.DictReader(io.StringIO(body))
    return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("kind", **by_name(kinds_shown_in(CSV)))
def test_the_csv_export_has_a_column_for_every_declared_field_and_no_other(session, kind):
    header, _rows = export_rows(kind)
    declared = [header for spec in kind.on(CSV) for header in spec.csv]
    assert header == ["uid", *declared]


def filled(kind: Kind, row: dict[str, str]) -> dict[str, str]:
    """``row`` with a plausible value in every empty cell the import reads."""
    samples = {
        "integer": "7",
        "date": "2025-04-12",
        "time": "10:30",
        "reference": "Coverage check",
        "references": "Coverage check",
    }
    row = dict(row)
    for spec in kind.on(IMPORT):
        for header in spec.csv:
            if row.get(header) or header.startswith("round_"):
                continue
            if spec.attribute == "when_edtf":
                row[header] = "2025-04-12"
            elif spec.attribute == "when_timezone":
                row[header] = "Asia/Muscat"
            elif spec.vocabulary is not None:
                row[header] = list(spec.vocabulary)[-1].value
            else:
                row[header] = samples.get(spec.type, "Coverage check")
    return row


@pytest.mark.parametrize("kind", **by_name(kinds_shown_in(IMPORT)))
def test_the_import_reads_every_declared_field(session, demo, kind):
    _header, rows = export_rows(kind)
    row = filled(kind, max(rows, key=lambda row: sum(bool(cell) for cell in row.values())))
    if "round_number" in row and not row["round_number"]:
        # a round is found by its negotiation and number, never created: name a real one
        round_ = session.scalars(select(Round).where(Round.number.is_not(None))).first()
        row |= {"negotiation": round_.negotiation.title, "round_number": str(round_.number)}
    values = IMPORTERS[kind.name].values(Related(session, None, True), row)
    for spec in kind.on(IMPORT):
        assert values.get(spec.value_key) not in (None, []), f"{kind.name}: {spec.value_key}"
    session.rollback()


@pytest.mark.parametrize("kind", **by_name(kinds_shown_in(API)))
def test_the_api_returns_every_declared_field_and_documents_it(client, auth, demo, kind):
    auth.login(UserRole.VIEWER)
    record = client.get(f"/api/v1/{kind.name}", query_string={"limit": 1}).json["items"][0]
    document = client.get("/api/openapi.json").json
    schema = next(
        schema
        for schema in document["components"]["schemas"].values()
        if schema.get("properties", {}).keys() == record.keys()
    )
    for spec in kind.on(API):
        assert spec.api in record, f"{kind.name}: {spec.api}"
        assert spec.api in schema["required"]


@pytest.mark.parametrize("kind", **by_name(kinds_shown_in(DETAIL)))
def test_the_record_page_shows_every_declared_field(app, client, auth, demo, kind):
    pages = PAGES[kind.name]
    auth.login(UserRole.ADMIN)
    lines = [*pages.details, *pages.more_details]
    shown = {*pages.template_shows, *(name for line in lines for name in line.shows)}
    for spec in kind.on(DETAIL):
        assert shown & {spec.attribute, spec.relationship}, f"{kind.name}: {spec.attribute}"
    with app.test_request_context():
        record_id = db.session.scalar(select(kind.model.id).order_by(kind.model.id).limit(1))
        address = url_for(f"{pages.name}.show", record_id=record_id)
    page = client.get(address).text
    generic = pages.detail_template == "records/detail.html"
    on_the_page = lines if generic else pages.more_details
    for line in on_the_page:
        assert f"<dt>{line.label}</dt>" in page
