"""One importer per kind of record: which columns it needs, how a row becomes the values its
service takes, and how to tell the row is already recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.models import (
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
)
from tracker.services import catalogue, facts, negotiations
from tracker.services.imports.cells import (
    Checks,
    day_cell,
    id_of,
    integer_cell,
    names_cell,
    required_cell,
    text_cells,
    when_cells,
)
from tracker.services.imports.related import Related
from tracker.services.imports.report import (
    RowError,
)
from tracker.services.wording import N_

WHEN_FIELDS = {
    "when_edtf": "date",
    "when_text": "date_text",
    "when_time": "time",
    "when_timezone": "timezone",
}


@dataclass(frozen=True)
class Importer:
    """How rows of one kind become records: their service, values and duplicate test."""

    kind: str
    service: Any
    model: Any
    required: tuple[str, ...]
    values: Callable[[Related, Mapping[str, str]], dict[str, Any]]
    duplicate: Callable[[Session, dict[str, Any]], Any]
    #: service field -> the CSV column to blame
    columns: Mapping[str, str]

    def column_for(self, service_field: str | None) -> str | None:
        if service_field is None:
            return None
        return self.columns.get(service_field, service_field)


def _person_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    values = {
        "name": check(lambda: required_cell(row, "name")),
        **text_cells(row, "name_original", "name_original_language", "aliases", "description"),
    }
    if row.get("organisation"):
        values["organisation_id"] = id_of(
            check(lambda: related.organisation("organisation", row["organisation"]))
        )
    check.done()
    return values


def _source_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    values = {
        "headline": check(lambda: required_cell(row, "headline")),
        **text_cells(row, "url", "author", "language", "archive_url", "notes"),
        "published_on": check(lambda: day_cell(row, "published_on")),
        "accessed_on": check(lambda: day_cell(row, "accessed_on")),
    }
    if row.get("outlet"):
        values["outlet_id"] = id_of(check(lambda: related.organisation("outlet", row["outlet"])))
    check.done()
    return values


def _linked(related: Related, row: Mapping[str, str], check: Checks) -> dict[str, Any]:
    topics = [check(partial(related.topic, "topics", name)) for name in names_cell(row, "topics")]
    sources = [
        check(partial(related.source, "sources", name)) for name in names_cell(row, "sources")
    ]
    return {
        "topic_ids": [topic.id for topic in topics if topic is not None],
        "source_ids": [source.id for source in sources if source is not None],
    }


def _round_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    negotiation = check(
        lambda: related.negotiation("negotiation", required_cell(row, "negotiation"))
    )
    values = {
        "negotiation_id": id_of(negotiation),
        "number": check(lambda: integer_cell(row, "number")),
        **text_cells(row, "title", "summary"),
        "status": row.get("status") or "announced",
        "format": row.get("format") or "unknown",
        **when_cells(row, check),
        **_linked(related, row, check),
    }
    if row.get("venue"):
        values["venue_id"] = id_of(check(lambda: related.venue("venue", row["venue"])))
    if row.get("mediator"):
        values["mediator_id"] = id_of(
            check(lambda: related.organisation("mediator", row["mediator"]))
        )
    check.done()
    return values


def _outcome_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    round_ = check(lambda: related.round(row))
    if round_ is None and not check.problems:
        check.problems.append(
            RowError("round_number", N_("Say which round: give round_number or round_title."))
        )
    values = {
        "round_id": id_of(round_),
        "summary": check(lambda: required_cell(row, "summary")),
        **when_cells(row, check),
        **text_cells(row, "correction_note"),
        "verification": row.get("verification") or "reported",
        **_linked(related, row, check),
    }
    if row.get("reported_by"):
        values["reported_by_id"] = id_of(
            check(lambda: related.organisation("reported_by", row["reported_by"]))
        )
    if row.get("reported_by_person"):
        values["reported_by_person_id"] = id_of(
            check(lambda: related.person("reported_by_person", row["reported_by_person"]))
        )
    check.done()
    return values


def _statement_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    round_ = check(lambda: related.round(row))
    values = {
        "text_original": check(lambda: required_cell(row, "text_original")),
        **text_cells(
            row, "speaker_description", "speaker_role", "language", "text_translation",
            "correction_note",
        ),
        "speech": row.get("speech") or "direct",
        "attribution": row.get("attribution") or "on_record",
        "stance": row.get("stance") or None,
        "verification": row.get("verification") or "reported",
        **when_cells(row, check),
        **_linked(related, row, check),
    }  # fmt: skip
    if round_ is not None:
        values["round_id"] = round_.id
        values["negotiation_id"] = round_.negotiation_id
    elif row.get("negotiation"):
        values["negotiation_id"] = id_of(
            check(lambda: related.negotiation("negotiation", row["negotiation"]))
        )
    if row.get("speaker"):
        values["speaker_id"] = id_of(check(lambda: related.person("speaker", row["speaker"])))
    if row.get("speaker_organisation"):
        values["speaker_organisation_id"] = id_of(
            check(lambda: related.organisation("speaker_organisation", row["speaker_organisation"]))
        )
    check.done()
    return values


def _same_person(session: Session, values: dict[str, Any]) -> Any:
    return session.scalar(
        select(Person.id).where(func.lower(Person.name) == values["name"].lower()).limit(1)
    )


def _same_source(session: Session, values: dict[str, Any]) -> Any:
    if values.get("url"):
        return session.scalar(select(Source.id).where(Source.url == values["url"]))
    return session.scalar(
        select(Source.id)
        .where(Source.headline == values["headline"], Source.url.is_(None))
        .limit(1)
    )


def _same_round(session: Session, values: dict[str, Any]) -> Any:
    if values.get("number") is None:
        return None
    return session.scalar(
        select(Round.id).where(
            Round.negotiation_id == values["negotiation_id"], Round.number == values["number"]
        )
    )


def _same_outcome(session: Session, values: dict[str, Any]) -> Any:
    return session.scalar(
        select(ReportedOutcome.id)
        .where(
            ReportedOutcome.round_id == values["round_id"],
            ReportedOutcome.summary == values["summary"].strip(),
        )
        .limit(1)
    )


def _same_statement(session: Session, values: dict[str, Any]) -> Any:
    speaker = values.get("speaker_id")
    return session.scalar(
        select(Statement.id)
        .where(
            Statement.text_original == values["text_original"].strip(),
            Statement.speaker_id == speaker
            if speaker is not None
            else Statement.speaker_description == (values.get("speaker_description") or ""),
        )
        .limit(1)
    )


LINKED_FIELDS = {"topic_ids": "topics", "source_ids": "sources", **WHEN_FIELDS}

IMPORTERS: dict[str, Importer] = {
    "people": Importer(
        "people",
        catalogue.people,
        Person,
        ("name",),
        _person_values,
        _same_person,
        {"organisation_id": "organisation"},
    ),
    "sources": Importer(
        "sources",
        catalogue.sources,
        Source,
        ("headline",),
        _source_values,
        _same_source,
        {"outlet_id": "outlet"},
    ),
    "rounds": Importer(
        "rounds",
        negotiations.rounds,
        Round,
        ("negotiation",),
        _round_values,
        _same_round,
        {
            **LINKED_FIELDS,
            "negotiation_id": "negotiation",
            "venue_id": "venue",
            "mediator_id": "mediator",
        },
    ),
    "outcomes": Importer(
        "outcomes",
        facts.outcomes,
        ReportedOutcome,
        ("negotiation", "summary", "sources"),
        _outcome_values,
        _same_outcome,
        {
            **LINKED_FIELDS,
            "round_id": "round_number",
            "reported_by_id": "reported_by",
            "reported_by_person_id": "reported_by_person",
        },
    ),
    "statements": Importer(
        "statements",
        facts.statements,
        Statement,
        ("text_original", "sources"),
        _statement_values,
        _same_statement,
        {
            **LINKED_FIELDS,
            "negotiation_id": "negotiation",
            "round_id": "round_number",
            "speaker_id": "speaker",
            "speaker_organisation_id": "speaker_organisation",
        },
    ),
}


def columns_of(kind: str) -> list[str]:
    """The columns an import of ``kind`` reads: those of its CSV export."""
    return ENTITY_EXPORTS[kind].headers()
