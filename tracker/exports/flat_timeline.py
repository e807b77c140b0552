"""The flat timeline: one row per entry (round, outcome, statement, development), in date order.

Each row names its round, venue, people, topics, verification status and source URLs, so the
data desk can sort and pivot it without joining tables. :class:`TimelineFilters` narrows it
the way the timeline page does ("export what I see").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, null, or_, select, true, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker.exports.entities import Projector, TabularExport, _source_list, _topic_list
from tracker.exports.sql import CsvColumn, joined_names
from tracker.models import (
    Development,
    Negotiation,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    Statement,
    Topic,
    Venue,
    Verification,
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

ENTRY_KINDS = ("round", "outcome", "statement", "development")


class FilterError(ValueError):
    """A filter parameter that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class TimelineFilters:
    """What the reader narrowed the timeline to. Empty means everything."""

    negotiation: str | None = None  # slug
    kinds: frozenset[str] = field(default_factory=frozenset)
    verification: frozenset[str] = field(default_factory=frozenset)
    topic: str | None = None  # slug
    person_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> TimelineFilters:
        """Read the timeline page's query parameters.

        :raise FilterError: naming the parameter that is wrong.
        """
        getlist = getattr(args, "getlist", lambda key: [args[key]] if args.get(key) else [])
        kinds = frozenset(value for value in getlist("kind") if value)
        if unknown := kinds - set(ENTRY_KINDS):
            raise FilterError(f"kind: unknown entry kind {sorted(unknown)[0]!r}.")
        verification = frozenset(value for value in getlist("verification") if value)
        allowed = {member.value for member in Verification}
        if unknown := verification - allowed:
            raise FilterError(
                f"verification: {sorted(unknown)[0]!r} is not one of {sorted(allowed)}."
            )
        person = (args.get("person") or "").strip()
        if person and not person.isdigit():
            raise FilterError("person: give a person's id number.")
        return cls(
            negotiation=(args.get("negotiation") or "").strip() or None,
            kinds=kinds,
            verification=verification,
            topic=(args.get("topic") or "").strip() or None,
            person_id=int(person) if person else None,
            date_from=_date(args, "from"),
            date_to=_date(args, "to"),
            query=(args.get("q") or "").strip() or None,
        )

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


def _date(args: Mapping[str, Any], name: str) -> dt.date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FilterError(f"{name}: {raw!r} is not a date like 2025-04-12.") from None


def _people_names(where: Any, dialect: str, outer: Any) -> ColumnElement[str]:
    return joined_names(Person.name, Person.name, where, dialect, outer)


def _branch_filters(
    filters: TimelineFilters, model: Any, negotiation_id: Any, topic_link: Any, texts: list[Any]
) -> list[Any]:
    conditions: list[Any] = []
    if filters.negotiation:
        conditions.append(
            negotiation_id.in_(
                select(Negotiation.id).where(Negotiation.slug == filters.negotiation)
            )
        )
    if filters.date_from:
        conditions.append(model.when_latest >= filters.date_from)
    if filters.date_to:
        conditions.append(model.when_earliest <= filters.date_to)
    if filters.topic:
        own = next(iter(topic_link.c))
        conditions.append(
            exists().where(
                own == model.id, topic_link.c.topic_id == Topic.id, Topic.slug == filters.topic
            )
        )
    if filters.query:
        pattern = f"%{filters.query.lower()}%"
        conditions.append(or_(*(func.lower(text).like(pattern) for text in texts)))
    return conditions


def _columns(
    kind: str,
    model: Any,
    round_: Any,
    venue: Any,
    headline: Any,
    text: Any,
    people: Any,
    topics: Any,
    verification: Any,
    correction: Any,
    sources: Any,
) -> list[CsvColumn]:
    return [
        CsvColumn("kind", literal(kind)),
        CsvColumn.of("uid", model.uid),
        CsvColumn.of("negotiation", Negotiation.title),
        CsvColumn.of("round_number", round_.number),
        CsvColumn.of("round_title", round_.title),
        CsvColumn.of("round_status", round_.status),
        CsvColumn.of("venue", venue.name),
        CsvColumn.of("date", model.when_edtf),
        CsvColumn.of("earliest", model.when_earliest),
        CsvColumn.of("latest", model.when_latest),
        CsvColumn.of("date_text", model.when_text),
        CsvColumn.of("time", model.when_time),
        CsvColumn.of("timezone", model.when_timezone),
        CsvColumn("headline", headline),
        CsvColumn("text", text),
        CsvColumn("people", people),
        CsvColumn("topics", topics),
        CsvColumn("verification", verification),
        CsvColumn("correction_note", correction),
        CsvColumn("source_urls", sources),
    ]


def _round_branch(filters: TimelineFilters, dialect: str, project: Projector) -> Select[Any]:
    venue = aliased(Venue)
    people = _people_names(
        (Participation.person_id == Person.id) & (Participation.round_id == Round.id),
        dialect,
        Round,
    )
    columns = _columns(
        "round",
        Round,
        Round,
        venue,
        Round.title,
        Round.summary,
        people,
        _topic_list(round_topics, Round.id, dialect),
        null(),
        null(),
        _source_list(round_sources, Round.id, dialect),
    )
    conditions = _branch_filters(
        filters, Round, Round.negotiation_id, round_topics, [Round.title, Round.summary]
    )
    if filters.verification:
        conditions.append(literal(False))
    if filters.person_id:
        conditions.append(
            exists().where(
                Participation.round_id == Round.id, Participation.person_id == filters.person_id
            )
        )
    return (
        select(
            *project(columns),
            Round.when_earliest.label("sort_day"),
            literal(0).label("sort_kind"),
            Round.id.label("sort_id"),
        )
        .select_from(Round)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .outerjoin(venue, Round.venue_id == venue.id)
        .where(and_(true(), *conditions))
    )


def _outcome_branch(filters: TimelineFilters, dialect: str, project: Projector) -> Select[Any]:
    venue = aliased(Venue)
    columns = _columns(
        "outcome",
        ReportedOutcome,
        Round,
        venue,
        ReportedOutcome.summary,
        null(),
        _people_names(Person.id == ReportedOutcome.reported_by_person_id, dialect, ReportedOutcome),
        _topic_list(outcome_topics, ReportedOutcome.id, dialect),
        ReportedOutcome.verification,
        ReportedOutcome.correction_note,
        _source_list(outcome_sources, ReportedOutcome.id, dialect),
    )
    conditions = _branch_filters(
        filters, ReportedOutcome, Round.negotiation_id, outcome_topics, [ReportedOutcome.summary]
    )
    if filters.verification:
        conditions.append(ReportedOutcome.verification.in_(sorted(filters.verification)))
    if filters.person_id:
        conditions.append(ReportedOutcome.reported_by_person_id == filters.person_id)
    return (
        select(
            *project(columns),
            ReportedOutcome.when_earliest.label("sort_day"),
            literal(1).label("sort_kind"),
            ReportedOutcome.id.label("sort_id"),
        )
        .select_from(ReportedOutcome)
        .join(Round, ReportedOutcome.round_id == Round.id)
        .join(Negotiation, Round.negotiation_id == Negotiation.id)
        .outerjoin(venue, Round.venue_id == venue.id)
        .where(and_(true(), *conditions))
    )


def _statement_branch(filters: TimelineFilters, dialect: str, project: Projector) -> Select[Any]:
    venue = aliased(Venue)
    speaker = func.coalesce(
        select(Person.name).where(Person.id == Statement.speaker_id).scalar_subquery(),
        Statement.speaker_description,
    )
    columns = _columns(
        "statement",
        Statement,
        Round,
        venue,
        speaker,
        Statement.text_original,
        select(Person.name).where(Person.id == Statement.speaker_id).scalar_subquery(),
        _topic_list(statement_topics, Statement.id, dialect),
        Statement.verification,
        Statement.correction_note,
        _source_list(statement_sources, Statement.id, dialect),
    )
    conditions = _branch_filters(
        filters,
        Statement,
        Statement.negotiation_id,
        statement_topics,
        [Statement.text_original, Statement.text_translation],
    )
    if filters.verification:
        conditions.append(Statement.verification.in_(sorted(filters.verification)))
    if filters.person_id:
        conditions.append(Statement.speaker_id == filters.person_id)
    return (
        select(
            *project(columns),
            Statement.when_earliest.label("sort_day"),
            literal(2).label("sort_kind"),
            Statement.id.label("sort_id"),
        )
        .select_from(Statement)
        .outerjoin(Negotiation, Statement.negotiation_id == Negotiation.id)
        .outerjoin(Round, Statement.round_id == Round.id)
        .outerjoin(venue, Round.venue_id == venue.id)
        .where(and_(true(), *conditions))
    )


def _development_branch(filters: TimelineFilters, dialect: str, project: Projector) -> Select[Any]:
    venue = aliased(Venue)
    columns = _columns(
        "development",
        Development,
        Round,
        venue,
        Development.headline,
        Development.description,
        _people_names(
            (development_people.c.person_id == Person.id)
            & (development_people.c.development_id == Development.id),
            dialect,
            Development,
        ),
        _topic_list(development_topics, Development.id, dialect),
        Development.verification,
        Development.correction_note,
        _source_list(development_sources, Development.id, dialect),
    )
    conditions = _branch_filters(
        filters,
        Development,
        Development.negotiation_id,
        development_topics,
        [Development.headline, Development.description],
    )
    if filters.verification:
        conditions.append(Development.verification.in_(sorted(filters.verification)))
    if filters.person_id:
        conditions.append(
            exists().where(
                development_people.c.development_id == Development.id,
                development_people.c.person_id == filters.person_id,
            )
        )
    return (
        select(
            *project(columns),
            Development.when_earliest.label("sort_day"),
            literal(3).label("sort_kind"),
            Development.id.label("sort_id"),
        )
        .select_from(Development)
        .join(Negotiation, Development.negotiation_id == Negotiation.id)
        .outerjoin(Round, Development.round_id == Round.id)
        .outerjoin(venue, Round.venue_id == venue.id)
        .where(and_(true(), *conditions))
    )


BRANCHES = {
    "round": _round_branch,
    "outcome": _outcome_branch,
    "statement": _statement_branch,
    "development": _development_branch,
}


def timeline_export(filters: TimelineFilters | None = None) -> TabularExport:
    """The flat timeline as a :class:`TabularExport`, narrowed by ``filters``."""
    filters = filters or TimelineFilters()
    kinds = [kind for kind in ENTRY_KINDS if filters.wants(kind)]

    def build(dialect: str, project: Projector) -> Select[Any]:
        branches = [BRANCHES[kind](filters, dialect, project) for kind in kinds]
        combined = union_all(*branches).subquery("entry")
        keep = [column for column in combined.c if not column.name.startswith("sort_")]
        return select(*keep).order_by(
            combined.c.sort_day.is_(None),
            combined.c.sort_day,
            combined.c.sort_kind,
            combined.c.sort_id,
        )

    return TabularExport("timeline", "Timeline", build)
