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
from tracker.kinds import declarations as kinds
from tracker.kinds.spec import IMPORT, Kind
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
    edtf_cell,
    id_of,
    integer_cell,
    names_cell,
    required_cell,
    time_cell,
)
from tracker.services.imports.related import Related
from tracker.services.imports.report import (
    RowError,
)
from tracker.services.wording import N_


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


#: how a cell of each declared type becomes a value (text and vocabulary cells are taken as
#: they are, the service checking them like any other value)
CELL_READERS: dict[str, Callable[[Mapping[str, str], str], Any]] = {
    "integer": integer_cell,
    "date": day_cell,
    "time": time_cell,
}


def own_cells(kind: Kind, row: Mapping[str, str], check: Checks) -> dict[str, Any]:
    """The values of every field of ``kind``'s own table the import reads, by service key.

    A required field's cell must not be empty; a blank vocabulary cell takes the column's
    default; a text column missing from the file is left out, not emptied.
    """
    values: dict[str, Any] = {}
    for spec in kind.on(IMPORT):
        if spec.type in ("reference", "references"):
            continue
        header = spec.csv[0]
        if spec.attribute == "when_edtf":
            values[spec.value_key] = check(partial(edtf_cell, row))
        elif spec.type in CELL_READERS:
            values[spec.value_key] = check(partial(CELL_READERS[spec.type], row, header))
        elif spec.type == "choice":
            values[spec.value_key] = row.get(header) or spec.default
        elif spec.required:
            values[spec.value_key] = check(partial(required_cell, row, header))
        elif header in row:
            values[spec.value_key] = row.get(header)
    return values


def blamed_columns(kind: Kind, **overrides: str) -> dict[str, str]:
    """Service key -> the CSV column a refusal of it points at, where the two differ."""
    return {
        **{
            spec.value_key: spec.csv[0]
            for spec in kind.on(IMPORT)
            if spec.csv and spec.csv[0] != spec.value_key
        },
        **overrides,
    }


def required_columns(kind: Kind, *more: str) -> tuple[str, ...]:
    """The columns a file of ``kind`` must have: its required fields', and ``more``."""
    return (*(spec.csv[0] for spec in kind.on(IMPORT) if spec.required), *more)


def _person_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    values = own_cells(kinds.PEOPLE, row, check)
    if row.get("organisation"):
        values["organisation_id"] = id_of(
            check(lambda: related.organisation("organisation", row["organisation"]))
        )
    check.done()
    return values


def _source_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = Checks()
    values = own_cells(kinds.SOURCES, row, check)
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
        **own_cells(kinds.ROUNDS, row, check),
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
        **own_cells(kinds.OUTCOMES, row, check),
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
    values = {**own_cells(kinds.STATEMENTS, row, check), **_linked(related, row, check)}
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


IMPORTERS: dict[str, Importer] = {
    "people": Importer(
        "people",
        catalogue.people,
        Person,
        required_columns(kinds.PEOPLE),
        _person_values,
        _same_person,
        blamed_columns(kinds.PEOPLE),
    ),
    "sources": Importer(
        "sources",
        catalogue.sources,
        Source,
        required_columns(kinds.SOURCES),
        _source_values,
        _same_source,
        blamed_columns(kinds.SOURCES),
    ),
    "rounds": Importer(
        "rounds",
        negotiations.rounds,
        Round,
        required_columns(kinds.ROUNDS),
        _round_values,
        _same_round,
        blamed_columns(kinds.ROUNDS),
    ),
    "outcomes": Importer(
        "outcomes",
        facts.outcomes,
        ReportedOutcome,
        required_columns(kinds.OUTCOMES, "sources"),
        _outcome_values,
        _same_outcome,
        blamed_columns(kinds.OUTCOMES, round_id="round_number"),
    ),
    "statements": Importer(
        "statements",
        facts.statements,
        Statement,
        required_columns(kinds.STATEMENTS, "sources"),
        _statement_values,
        _same_statement,
        blamed_columns(kinds.STATEMENTS, round_id="round_number"),
    ),
}


def columns_of(kind: str) -> list[str]:
    """The columns an import of ``kind`` reads: those of its CSV export."""
    return ENTITY_EXPORTS[kind].headers()
