"""What a CSV of each kind of record holds: the record's own fields, and related records by name.

Related records appear by the name a person would type (a negotiation's title, a venue's name,
source URLs), never by database id, so that a file exported here can be edited in a spreadsheet
and imported into another tracker (see :mod:`tracker.services.imports`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker.csv_contract.cells import CsvColumn, csv_line, joined_names
from tracker.kinds import declarations as kinds
from tracker.kinds.spec import CSV, Kind
from tracker.models import (
    Development,
    Negotiation,
    Organisation,
    Participation,
    Person,
    PersonTitle,
    ReportedOutcome,
    Round,
    RoundScheduleChange,
    Source,
    Statement,
    Topic,
    Venue,
)
from tracker.models.links import (
    development_organisations,
    development_people,
    development_sources,
    development_topics,
    negotiation_parties,
    outcome_sources,
    outcome_topics,
    round_sources,
    round_topics,
    statement_sources,
    statement_topics,
)
from tracker.services.access import Reader, unless_anonymous
from tracker.services.wording import N_

Projector = Callable[[Sequence[CsvColumn]], list[ColumnElement[Any]]]


@dataclass(frozen=True)
class TabularExport:
    """A query whose rows become CSV lines, either built in SQL or as plain values."""

    name: str
    title: str
    build: Callable[[str, Projector], Select[Any]]

    def lines(self, dialect: str) -> Select[Any]:
        """One column, ``line``: each row as a finished CSV line.

        On SQLite the rows are read through a subquery that ``OFFSET 0`` keeps from being
        flattened: it runs as a streaming co-routine in its own order, and the line is built
        from its plain columns, so no related-names subquery runs twice for one cell.
        """
        if dialect != "sqlite":
            return self.build(dialect, lambda columns: [csv_line(columns, dialect).label("line")])
        row = self.values(dialect).offset(0).subquery("exported_row")
        cells = [
            CsvColumn(column.header, row.c[column.header], column.kind)
            for column in self.columns(dialect)
        ]
        return select(csv_line(cells, dialect).label("line"))

    def values(self, dialect: str) -> Select[Any]:
        """The same rows as ordinary columns (what ``sqlite3 -csv`` would be given)."""
        return self.build(
            dialect, lambda columns: [column.value.label(column.header) for column in columns]
        )

    def columns(self, dialect: str = "sqlite") -> list[CsvColumn]:
        seen: list[CsvColumn] = []

        def capture(columns: Sequence[CsvColumn]) -> list[ColumnElement[Any]]:
            if not seen:
                seen.extend(columns)
            return [column.value for column in columns]

        self.build(dialect, capture)
        return seen

    def headers(self) -> list[str]:
        return [column.header for column in self.columns()]


def declared(kind: Kind, related: Mapping[str, Any]) -> list[CsvColumn]:
    """The CSV columns of ``kind`` in its declaration's order: ``uid``, then every field shown
    in the CSV. A field of the record's own table is read from its column; ``related`` gives
    the value of every header that names other records (a negotiation's title, topics).

    :raise LookupError: when a reference has no value in ``related``, or ``related`` holds a
        header the declaration does not list: a column silently dropped or made up.
    """
    columns = [CsvColumn.of("uid", kind.model.uid)]
    for spec in kind.on(CSV):
        for header in spec.csv:
            if header in related:
                columns.append(CsvColumn.of(header, related[header]))
            elif spec.type in ("reference", "references"):
                raise LookupError(f"{kind.name}: say how the CSV column {header!r} is read")
            else:
                columns.append(CsvColumn.of(header, getattr(kind.model, spec.attribute)))
    unknown = set(related) - {column.header for column in columns}
    if unknown:
        raise LookupError(f"{kind.name}: {sorted(unknown)} are not declared CSV columns")
    return columns


def source_list(link: Any, own_id: Any, dialect: str) -> ColumnElement[str]:
    """Sources by URL, or by headline when a source has no URL."""
    return joined_names(
        func.coalesce(Source.url, Source.headline),
        Source.id,
        (link.c.source_id == Source.id) & (next(iter(link.c)) == own_id),
        dialect,
        own_id.class_,
    )


def topic_list(link: Any, own_id: Any, dialect: str) -> ColumnElement[str]:
    return joined_names(
        Topic.name,
        Topic.name,
        (link.c.topic_id == Topic.id) & (next(iter(link.c)) == own_id),
        dialect,
        own_id.class_,
    )


def _rounds(dialect: str, project: Projector) -> Select[Any]:
    mediator = aliased(Organisation)
    columns = declared(
        kinds.ROUNDS,
        {
            "negotiation": Negotiation.title,
            "venue": Venue.name,
            "mediator": mediator.name,
            "topics": topic_list(round_topics, Round.id, dialect),
            "sources": source_list(round_sources, Round.id, dialect),
        },
    )
    return (
        select(*project(columns))
        .select_from(Round)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .outerjoin(Venue, Round.venue_id == Venue.id)
        .outerjoin(mediator, Round.mediator_id == mediator.id)
        .order_by(Negotiation.title, Round.when_earliest, Round.number, Round.id)
    )


def _outcomes(dialect: str, project: Projector) -> Select[Any]:
    reporter = aliased(Organisation)
    columns = declared(
        kinds.OUTCOMES,
        {
            "negotiation": Negotiation.title,
            "round_number": Round.number,
            "round_title": Round.title,
            "reported_by": reporter.name,
            "reported_by_person": Person.name,
            "topics": topic_list(outcome_topics, ReportedOutcome.id, dialect),
            "sources": source_list(outcome_sources, ReportedOutcome.id, dialect),
        },
    )
    return (
        select(*project(columns))
        .select_from(ReportedOutcome)
        .join(Round, ReportedOutcome.round_id == Round.id)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .outerjoin(reporter, ReportedOutcome.reported_by_id == reporter.id)
        .outerjoin(Person, ReportedOutcome.reported_by_person_id == Person.id)
        .order_by(Negotiation.title, ReportedOutcome.when_earliest, ReportedOutcome.id)
    )


def _statements(dialect: str, project: Projector, reveals_speakers: bool = True) -> Select[Any]:
    speaker_organisation = aliased(Organisation)
    columns = declared(
        kinds.STATEMENTS,
        {
            "negotiation": Negotiation.title,
            "round_number": Round.number,
            "round_title": Round.title,
            "speaker": unless_anonymous(Person.name, reveals_speakers),
            "speaker_role": unless_anonymous(Statement.speaker_role, reveals_speakers),
            "speaker_organisation": speaker_organisation.name,
            "topics": topic_list(statement_topics, Statement.id, dialect),
            "sources": source_list(statement_sources, Statement.id, dialect),
        },
    )
    return (
        select(*project(columns))
        .select_from(Statement)
        .outerjoin(Negotiation, Statement.negotiation_id == Negotiation.id)
        .outerjoin(Round, Statement.round_id == Round.id)
        .outerjoin(Person, Statement.speaker_id == Person.id)
        .outerjoin(
            speaker_organisation, Statement.speaker_organisation_id == speaker_organisation.id
        )
        .order_by(Statement.when_earliest, Statement.id)
    )


def _developments(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(
        kinds.DEVELOPMENTS,
        {
            "negotiation": Negotiation.title,
            "round_number": Round.number,
            "people": joined_names(
                Person.name,
                Person.name,
                (development_people.c.person_id == Person.id)
                & (development_people.c.development_id == Development.id),
                dialect,
                Development,
            ),
            "organisations": joined_names(
                Organisation.name,
                Organisation.name,
                (development_organisations.c.organisation_id == Organisation.id)
                & (development_organisations.c.development_id == Development.id),
                dialect,
                Development,
            ),
            "topics": topic_list(development_topics, Development.id, dialect),
            "sources": source_list(development_sources, Development.id, dialect),
        },
    )
    return (
        select(*project(columns))
        .select_from(Development)
        .join(Negotiation, Development.negotiation_id == Negotiation.id)
        .outerjoin(Round, Development.round_id == Round.id)
        .order_by(Negotiation.title, Development.when_earliest, Development.id)
    )


def _people(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.PEOPLE, {"organisation": Organisation.name})
    return (
        select(*project(columns))
        .select_from(Person)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .order_by(Person.name, Person.id)
    )


def _titles(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.TITLES, {"person": Person.name, "organisation": Organisation.name})
    return (
        select(*project(columns))
        .select_from(PersonTitle)
        .join(Person, PersonTitle.person_id == Person.id)
        .outerjoin(Organisation, PersonTitle.organisation_id == Organisation.id)
        .order_by(Person.name, PersonTitle.valid_from, PersonTitle.id)
    )


def _sources(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.SOURCES, {"outlet": Organisation.name})
    return (
        select(*project(columns))
        .select_from(Source)
        .outerjoin(Organisation, Source.outlet_id == Organisation.id)
        .order_by(Source.published_on, Source.id)
    )


def _negotiations(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(
        kinds.NEGOTIATIONS,
        {
            "parties": joined_names(
                Organisation.name,
                Organisation.name,
                (negotiation_parties.c.organisation_id == Organisation.id)
                & (negotiation_parties.c.negotiation_id == Negotiation.id),
                dialect,
                Negotiation,
            ),
        },
    )
    return select(*project(columns)).select_from(Negotiation).order_by(Negotiation.title)


def _participations(dialect: str, project: Projector) -> Select[Any]:
    side = aliased(Organisation)
    columns = declared(
        kinds.PARTICIPATIONS,
        {
            "negotiation": Negotiation.title,
            "round_number": Round.number,
            "person": Person.name,
            "side": side.name,
        },
    )
    return (
        select(*project(columns))
        .select_from(Participation)
        .join(Round, Participation.round_id == Round.id)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .join(Person, Participation.person_id == Person.id)
        .outerjoin(side, Participation.side_id == side.id)
        .order_by(Negotiation.title, Round.number, Person.name)
    )


def _organisations(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.ORGANISATIONS, {})
    return select(*project(columns)).select_from(Organisation).order_by(Organisation.name)


def _venues(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.VENUES, {})
    return select(*project(columns)).select_from(Venue).order_by(Venue.name, Venue.id)


def _topics(dialect: str, project: Projector) -> Select[Any]:
    columns = declared(kinds.TOPICS, {})
    return select(*project(columns)).select_from(Topic).order_by(Topic.name)


def _schedule_changes(dialect: str, project: Projector) -> Select[Any]:
    previous_venue, new_venue = aliased(Venue), aliased(Venue)
    columns = [
        CsvColumn.of("round_uid", Round.uid),
        CsvColumn.of("negotiation", Negotiation.title),
        CsvColumn.of("round_number", Round.number),
        CsvColumn.of("recorded_at", RoundScheduleChange.recorded_at),
        CsvColumn.of("previous_status", RoundScheduleChange.previous_status),
        CsvColumn.of("new_status", RoundScheduleChange.new_status),
        CsvColumn.of("previous_date", RoundScheduleChange.previous_when_edtf),
        CsvColumn.of("previous_date_text", RoundScheduleChange.previous_when_text),
        CsvColumn.of("new_date", RoundScheduleChange.new_when_edtf),
        CsvColumn.of("previous_venue", previous_venue.name),
        CsvColumn.of("new_venue", new_venue.name),
        CsvColumn.of("note", RoundScheduleChange.note),
        CsvColumn.of("announced_on", RoundScheduleChange.announced_on),
        CsvColumn.of("announced_by_uid", Source.uid),
        CsvColumn.of("announced_by_url", Source.url),
    ]
    return (
        select(*project(columns))
        .select_from(RoundScheduleChange)
        .join(Round, RoundScheduleChange.round_id == Round.id)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .outerjoin(previous_venue, RoundScheduleChange.previous_venue_id == previous_venue.id)
        .outerjoin(new_venue, RoundScheduleChange.new_venue_id == new_venue.id)
        .outerjoin(Source, RoundScheduleChange.announced_by_id == Source.id)
        .order_by(RoundScheduleChange.recorded_at, RoundScheduleChange.id)
    )


#: titles marked with ``N_`` so the Exports page can show them translated
ENTITY_EXPORTS: dict[str, TabularExport] = {
    export.name: export
    for export in (
        TabularExport("negotiations", N_("Negotiations"), _negotiations),
        TabularExport("rounds", N_("Rounds"), _rounds),
        TabularExport("schedule-changes", N_("Round schedule changes"), _schedule_changes),
        TabularExport("participations", N_("Who took part"), _participations),
        TabularExport("outcomes", N_("Reported outcomes"), _outcomes),
        TabularExport("statements", N_("Statements"), _statements),
        TabularExport("developments", N_("Developments"), _developments),
        TabularExport("people", N_("People"), _people),
        TabularExport("titles", N_("Titles people held"), _titles),
        TabularExport("organisations", N_("Organisations"), _organisations),
        TabularExport("venues", N_("Venues"), _venues),
        TabularExport("topics", N_("Topics"), _topics),
        TabularExport("sources", N_("Sources"), _sources),
    )
}
#: the exports a reader who may not know anonymous speakers gets instead (same columns)
WITHOUT_ANONYMOUS_SPEAKERS: dict[str, TabularExport] = {
    "statements": TabularExport(
        "statements",
        "Statements",
        lambda dialect, project: _statements(dialect, project, reveals_speakers=False),
    ),
}


def entity_export(name: str, reader: Reader) -> TabularExport | None:
    """The export called ``name`` as ``reader`` may read it, or ``None`` for no such export."""
    if not reader.reveals_speakers and name in WITHOUT_ANONYMOUS_SPEAKERS:
        return WITHOUT_ANONYMOUS_SPEAKERS[name]
    return ENTITY_EXPORTS.get(name)
