"""The flat timeline: one row per entry (round, outcome, statement, development).

Each row names its round, venue, people, topics, verification status and source URLs, so the
data desk can sort and pivot it without joining tables. Rows come from the timeline page's own
derived table and filters (:mod:`tracker.services.timeline`), in the page's order, so the
export is exactly what the reader sees ("export what I see"); reading that table in its index
order also means the first bytes leave before the last row is found.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker.csv_contract.cells import CsvColumn, joined_names
from tracker.csv_contract.kinds import Projector, TabularExport, source_list, topic_list
from tracker.models import (
    Development,
    EntryKind,
    Negotiation,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    Statement,
    TimelineEntry,
    Venue,
)
from tracker.models.links import (
    development_people,
    development_sources,
    development_topics,
    outcome_sources,
    outcome_topics,
    round_sources,
    round_topics,
    statement_sources,
    statement_topics,
)
from tracker.services import timeline
from tracker.services.access import unless_anonymous

RECORDS: dict[EntryKind, type[Round | ReportedOutcome | Statement | Development]] = {
    EntryKind.ROUND: Round,
    EntryKind.OUTCOME: ReportedOutcome,
    EntryKind.STATEMENT: Statement,
    EntryKind.DEVELOPMENT: Development,
}


def _by_kind(values: dict[EntryKind, Any]) -> ColumnElement[Any]:
    """The value for the entry's kind; only the matching branch (and its subquery) runs."""
    return case(
        *((TimelineEntry.kind == kind.value, value) for kind, value in values.items()),
        else_=None,
    )


def _shared(attribute: str) -> ColumnElement[Any]:
    """A column every kind of record has (``uid``, the vague-date columns)."""
    return func.coalesce(*(getattr(model, attribute) for model in RECORDS.values()))


def _people(dialect: str, reveals_speakers: bool) -> ColumnElement[str]:
    def names(where: Any, outer: Any) -> ColumnElement[str]:
        return joined_names(Person.name, Person.name, where, dialect, outer)

    return _by_kind(
        {
            EntryKind.ROUND: names(
                (Participation.person_id == Person.id) & (Participation.round_id == Round.id),
                Round,
            ),
            EntryKind.OUTCOME: select(Person.name)
            .where(Person.id == ReportedOutcome.reported_by_person_id)
            .scalar_subquery(),
            EntryKind.STATEMENT: unless_anonymous(
                select(Person.name).where(Person.id == Statement.speaker_id).scalar_subquery(),
                reveals_speakers,
            ),
            EntryKind.DEVELOPMENT: names(
                (development_people.c.person_id == Person.id)
                & (development_people.c.development_id == Development.id),
                Development,
            ),
        }
    )


def _columns(dialect: str, entry_round: Any, venue: Any, reveals_speakers: bool) -> list[CsvColumn]:
    statement_speaker = func.coalesce(
        unless_anonymous(
            select(Person.name).where(Person.id == Statement.speaker_id).scalar_subquery(),
            reveals_speakers,
        ),
        Statement.speaker_description,
    )
    return [
        CsvColumn.of("kind", TimelineEntry.kind),
        CsvColumn("uid", _shared("uid"), "uuid"),
        CsvColumn.of("negotiation", Negotiation.title),
        CsvColumn.of("round_number", entry_round.number),
        CsvColumn.of("round_title", entry_round.title),
        CsvColumn.of("round_status", entry_round.status),
        CsvColumn.of("venue", venue.name),
        CsvColumn("date", _shared("when_edtf")),
        CsvColumn("earliest", _shared("when_earliest"), "date"),
        CsvColumn("latest", _shared("when_latest"), "date"),
        CsvColumn("date_text", _shared("when_text")),
        CsvColumn("time", _shared("when_time"), "time"),
        CsvColumn("timezone", _shared("when_timezone")),
        CsvColumn(
            "headline",
            _by_kind(
                {
                    EntryKind.ROUND: Round.title,
                    EntryKind.OUTCOME: ReportedOutcome.summary,
                    EntryKind.STATEMENT: statement_speaker,
                    EntryKind.DEVELOPMENT: Development.headline,
                }
            ),
        ),
        CsvColumn(
            "text",
            _by_kind(
                {
                    EntryKind.ROUND: Round.summary,
                    EntryKind.STATEMENT: Statement.text_original,
                    EntryKind.DEVELOPMENT: Development.description,
                }
            ),
        ),
        CsvColumn("people", _people(dialect, reveals_speakers)),
        CsvColumn(
            "topics",
            _by_kind(
                {
                    EntryKind.ROUND: topic_list(round_topics, Round.id, dialect),
                    EntryKind.OUTCOME: topic_list(outcome_topics, ReportedOutcome.id, dialect),
                    EntryKind.STATEMENT: topic_list(statement_topics, Statement.id, dialect),
                    EntryKind.DEVELOPMENT: topic_list(development_topics, Development.id, dialect),
                }
            ),
        ),
        CsvColumn.of("verification", TimelineEntry.verification),
        CsvColumn(
            "correction_note",
            func.coalesce(
                ReportedOutcome.correction_note,
                Statement.correction_note,
                Development.correction_note,
            ),
        ),
        CsvColumn(
            "source_urls",
            _by_kind(
                {
                    EntryKind.ROUND: source_list(round_sources, Round.id, dialect),
                    EntryKind.OUTCOME: source_list(outcome_sources, ReportedOutcome.id, dialect),
                    EntryKind.STATEMENT: source_list(statement_sources, Statement.id, dialect),
                    EntryKind.DEVELOPMENT: source_list(
                        development_sources, Development.id, dialect
                    ),
                }
            ),
        ),
    ]


def timeline_export(session: Session, query: timeline.TimelineQuery | None = None) -> TabularExport:
    """The flat timeline narrowed by the timeline page's ``query``, in the page's order.

    Ranked search ("relevance") has no stable order to stream in, so a search exports newest
    first, like the page without ranking. Who said an anonymous statement is left blank unless
    ``query`` reveals speakers (the reader is an editor).
    """
    query = query or timeline.TimelineQuery()
    if query.order == "relevance":
        query = replace(query, order="newest")
    # The page's own filter clauses (private to the timeline service, shared on purpose here).
    conditions = timeline.view_conditions(session, query)
    descending = query.order != "oldest"

    def build(dialect: str, project: Projector) -> Select[Any]:
        entry_round, venue = aliased(Round), aliased(Venue)
        columns = _columns(dialect, entry_round, venue, query.reveals_speakers)
        statement = select(*project(columns)).select_from(TimelineEntry)
        for kind, model in RECORDS.items():
            statement = statement.outerjoin(
                model,
                and_(
                    TimelineEntry.kind == literal(kind.value), model.id == TimelineEntry.record_id
                ),
            )
        keys = (TimelineEntry.sort_date, TimelineEntry.kind, TimelineEntry.id)
        return (
            statement.outerjoin(Negotiation, Negotiation.id == TimelineEntry.negotiation_id)
            .outerjoin(entry_round, entry_round.id == TimelineEntry.round_id)
            .outerjoin(venue, venue.id == entry_round.venue_id)
            .where(*conditions)
            .order_by(*(key.desc() if descending else key.asc() for key in keys))
        )

    return TabularExport("timeline", "Timeline", build)
