"""The timeline in the API: the same entries, filters and search as the timeline page.

The query is the page's own :class:`~tracker.services.timeline.TimelineQuery`, built by its own
``from_args``, so a filter means the same thing in a browser and in a script. The API adds
strict parameter checking (a bad value is a 400, not a silently dropped filter) and wraps the
page's position in a signed cursor.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from tracker.api import fields as f
from tracker.api.pagination import BadCursor, sign, unsign, whole_number
from tracker.api.params import CURSOR, LIMIT, BadParameter, Param, record_id, vocabulary
from tracker.api.resources import DEVELOPMENTS, OUTCOMES, ROUNDS, STATEMENTS, Resource
from tracker.models import EntryKind, Verification
from tracker.services import timeline
from tracker.services.timeline import Cursor, TimelineItem, TimelineQuery

MAX_QUERY_LENGTH = 200

KIND_RESOURCES: dict[EntryKind, Resource] = {
    EntryKind.ROUND: ROUNDS,
    EntryKind.OUTCOME: OUTCOMES,
    EntryKind.STATEMENT: STATEMENTS,
    EntryKind.DEVELOPMENT: DEVELOPMENTS,
}


def _parse_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD; got {raw!r}") from None


def _parse_search(raw: str) -> str:
    if len(raw) > MAX_QUERY_LENGTH:
        raise ValueError(f"keep the search under {MAX_QUERY_LENGTH} characters")
    if any(unicodedata.category(char) == "Cc" for char in raw):
        raise ValueError("the search contains control characters")
    return raw


def _day(name: str, description: str) -> Param:
    return Param(name, {"type": "string", "format": "date"}, description, _parse_day)


#: Checked and documented here; applied by the timeline service, as on the page.
FILTERS: list[Param] = [
    record_id("negotiation", "Only entries of the negotiation with this id."),
    record_id("round", "Only entries of the round with this id."),
    record_id(
        "person",
        "Only entries naming the person with this id (an anonymous statement is never found "
        "by its speaker, to protect sources).",
    ),
    record_id("organisation", "Only entries naming the organisation with this id."),
    record_id("topic", "Only entries on the topic with this id."),
    vocabulary("kind", EntryKind, "Only entries of this kind."),
    vocabulary("verification", Verification, "Only entries with this status."),
    _day("date_from", "Only entries dated on or after this day."),
    _day("date_to", "Only entries dated on or before this day."),
    Param(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        "Full-text search; every word must match (in any script, Arabic and Persian included).",
        _parse_search,
    ),
    Param(
        "order",
        {"type": "string", "enum": list(timeline.ORDERS)},
        "`newest` first (the default), `oldest` first, or `relevance`: best match first, "
        "the default when searching (without `q` it reads as `newest`).",
        str,
    ),
]
PARAMS: list[Param] = [LIMIT, CURSOR, *FILTERS]

ENTRY_FIELDS: list[f.Field] = [
    f.Field("entry_id", {"type": "integer"}, lambda item: item.entry_id),
    f.Field(
        "kind",
        {"type": "string", "enum": [kind.value for kind in EntryKind]},
        lambda item: item.kind.value,
    ),
    f.Field(
        "date",
        {
            "type": "string",
            "format": "date",
            "description": "The day the entry sorts on: the earliest its date allows.",
        },
        lambda item: item.sort_date.isoformat(),
    ),
    f.Field(
        "record",
        {
            "description": "The round, outcome, statement or development, as its own list "
            "shows it; `kind` says which.",
            "oneOf": [
                {"$ref": f"#/components/schemas/{resource.component}"}
                for resource in KIND_RESOURCES.values()
            ],
        },
        lambda item: KIND_RESOURCES[item.kind].serialise(item.record),
    ),
]


def build_query(values: dict[str, Any], raw: dict[str, str]) -> TimelineQuery:
    """The page's query from the API's checked parameters.

    :raise BadParameter: for what only the whole query can judge (a date range ending before
        it starts, ordering by relevance without a search).
    """
    filters = {param.name: raw[param.name] for param in FILTERS if param.name in values}
    query, problems = TimelineQuery.from_args(filters)
    for name, message in problems.items():
        raise BadParameter(name, message.rstrip("."))
    return query


def _pages_by_number(query: TimelineQuery) -> bool:
    return query.order == "relevance" and bool(query.terms)


def entries_page(
    session: Session, query: TimelineQuery, limit: int, cursor: str | None
) -> tuple[list[TimelineItem], str | None]:
    """One page of entries and the cursor of the next, or ``None`` on the last page.

    :raise BadCursor: when the cursor was made for another order or page size.
    """
    by_number = _pages_by_number(query)
    # Ranked results page by number, so a cursor holds a page that only means something at
    # the same page size.
    scope = f"timeline:{query.order}:{limit}" if by_number else f"timeline:{query.order}"
    if cursor is not None:
        (position,) = unsign(cursor, scope, 1)
        if by_number:
            query = replace(query, page=whole_number(position))
            if not 1 <= query.page <= timeline.MAX_RANKED_PAGES:
                raise BadCursor
        else:
            if not isinstance(position, str):
                raise BadCursor
            try:
                query = replace(query, after=Cursor.parse(position, "cursor"))
            except timeline.BadFilter as error:
                raise BadCursor from error
    result = timeline.page(session, query, size=limit)
    _load_for_serialising(session, result.items)
    if by_number:
        return result.items, sign(scope, query.page + 1) if result.has_next_page else None
    return result.items, sign(scope, result.next_cursor.token()) if result.next_cursor else None


def _load_for_serialising(session: Session, items: list[TimelineItem]) -> None:
    """Load what the serialisers read, one query per kind, instead of one per entry."""
    wanted: dict[EntryKind, list[int]] = defaultdict(list)
    for item in items:
        wanted[item.kind].append(item.record.id)
    for kind, ids in wanted.items():
        resource = KIND_RESOURCES[kind]
        statement = resource.query().where(resource.model.id.in_(ids))
        # The records are already in the session: refresh them so the eager loads apply.
        session.scalars(statement).unique().all()


def serialise(item: TimelineItem) -> dict[str, Any]:
    return f.serialise(ENTRY_FIELDS, item)
