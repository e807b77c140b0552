"""Reading the reporters' timeline: a filtered, searched stream of entries, a page at a time.

Pages are cut with a keyset on ``(sort_date, kind, id)`` compared as a row value, never with
OFFSET, so page 1,000 costs what page 1 costs. Ranked search results are the one exception:
relevance has no stable key, so they page by number, a bounded number of pages deep.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.db import Record
from tracker.models import (
    Development,
    EntryKind,
    Negotiation,
    Organisation,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    RoundScheduleChange,
    Statement,
    TimelineEntry,
    TimelineFacet,
    TimelineFacetTotal,
    Topic,
    Verification,
)
from tracker.services import search
from tracker.services.negotiations import several_negotiations
from tracker.services.search_text import query_terms
from tracker.services.timeline_index import ANONYMOUS_PERSON
from tracker.services.wording import N_

PAGE_SIZE = 25
MAX_RANKED_PAGES = 40
FACET_LIMIT = 12
#: facets are counted within a view of up to this many entries; beyond, the page shows the
#: counts over all entries and says so (counting 50,000 entries' facets takes ~0.3 s)
FACET_SCAN_LIMIT = 5_000
#: searches are ranked up to this many matches; beyond, they read newest first and say so
RANK_LIMIT = 5_000
#: beyond this many matches, walking the stream in order and probing beats sorting the matches
BROAD_MATCH = 2_000
ORDERS = ("newest", "oldest", "relevance")
#: the facets a reader can filter by, in the order the page shows them
FACETS = ("negotiation", "round", "kind", "verification", "topic", "person", "organisation")
ID_FACETS: dict[str, type[Negotiation | Round | Person | Organisation | Topic]] = {
    "negotiation": Negotiation,
    "round": Round,
    "person": Person,
    "organisation": Organisation,
    "topic": Topic,
}


class BadFilter(ValueError):
    """A filter value that cannot be read; ``field`` names the form field it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the key of the entry just before it, in reading order."""

    sort_date: dt.date
    kind: str
    entry_id: int

    def token(self) -> str:
        return f"{self.sort_date.isoformat()}.{self.kind}.{self.entry_id}"

    @classmethod
    def parse(cls, token: str, field: str) -> Cursor:
        try:
            day, kind, entry_id = token.split(".")
            return cls(dt.date.fromisoformat(day), EntryKind(kind).value, int(entry_id))
        except ValueError:
            raise BadFilter(
                field, N_("This page link is damaged; start from the first page.")
            ) from None


@dataclass(frozen=True)
class TimelineQuery:
    """Everything that picks and orders the entries; it round-trips through a plain URL."""

    negotiation: int | None = None
    round: int | None = None
    person: int | None = None
    organisation: int | None = None
    topic: int | None = None
    kind: EntryKind | None = None
    verification: Verification | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    order: str = "newest"
    after: Cursor | None = None
    before: Cursor | None = None
    page: int = 1
    #: the reader may know who said anonymous statements (an editor): the person filter and
    #: facet then find them under their real speaker. Set from the reader, never from the URL.
    reveals_speakers: bool = False

    @classmethod
    def from_args(
        cls, args: Mapping[str, str], reveals_speakers: bool = False
    ) -> tuple[TimelineQuery, dict[str, str]]:
        """Read the query string; unreadable values are dropped and explained, by field.

        ``reveals_speakers`` comes from the reader (:mod:`tracker.services.access`)."""
        values: dict[str, Any] = {"reveals_speakers": reveals_speakers}
        errors: dict[str, str] = {}

        def read(name: str, parse: Any, message: str) -> None:
            raw = (args.get(name) or "").strip()
            if not raw:
                return
            try:
                values[name] = parse(raw)
            except (ValueError, BadFilter) as error:
                errors[name] = error.message if isinstance(error, BadFilter) else message

        for name in ID_FACETS:
            read(name, _positive_int, N_("Choose a value from the list."))
        read("kind", EntryKind, N_("Choose a kind from the list."))
        read("verification", Verification, N_("Choose a verification status from the list."))
        read("date_from", dt.date.fromisoformat, N_("Enter a date as YYYY-MM-DD."))
        read("date_to", dt.date.fromisoformat, N_("Enter a date as YYYY-MM-DD."))
        read("page", _positive_int, N_("Page must be a whole number, 1 or more."))
        read("after", lambda raw: Cursor.parse(raw, "after"), "")
        read("before", lambda raw: Cursor.parse(raw, "before"), "")
        q = (args.get("q") or "").strip()[:200]
        if q:
            values["q"] = q
        order = args.get("order") or ("relevance" if q else "newest")
        if order not in ORDERS:
            errors["order"] = N_("Order by newest, oldest or (when searching) best match.")
            order = "newest"
        if order == "relevance" and not q:
            order = "newest"
        values["order"] = order
        query = cls(**values)
        if query.date_from and query.date_to and query.date_from > query.date_to:
            errors["date_to"] = N_("The end of the date range is before its start.")
            query = replace(query, date_to=None)
        if query.page > MAX_RANKED_PAGES:
            errors["page"] = f"Ranked results stop at page {MAX_RANKED_PAGES}; narrow the search."
            query = replace(query, page=MAX_RANKED_PAGES)
        return query, errors

    @property
    def terms(self) -> list[str]:
        return query_terms(self.q)

    @property
    def is_filtered(self) -> bool:
        return any(
            getattr(self, name) is not None
            for name in (*ID_FACETS, "kind", "verification", "date_from", "date_to")
        ) or bool(self.terms)

    def args(self, **changes: Any) -> dict[str, str]:
        """This view's URL arguments (without paging), with some changed; ``None`` drops one."""
        current: dict[str, Any] = {
            name: getattr(self, name)
            for name in (*ID_FACETS, "kind", "verification", "date_from", "date_to", "q")
        }
        default_order = "relevance" if self.q else "newest"
        current["order"] = None if self.order == default_order else self.order
        current.update(changes)
        return {key: _arg(value) for key, value in current.items() if value not in (None, "")}


def _positive_int(raw: str) -> int:
    number = int(raw)
    if number < 1:
        raise ValueError(raw)
    return number


def _arg(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


# -- picking entries ---------------------------------------------------------------------------


def view_conditions(
    session: Session,
    query: TimelineQuery,
    with_search: bool = True,
    broad: bool = False,
    walk: int = 0,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses that pick ``query``'s entries: the one definition of a view, shared by
    the page, its counts and the CSV export ("export what I see").

    ``with_search=False`` leaves the search words out (the ranked page joins them instead).
    ``broad`` says the search matches many entries: SQLite is then told not to fetch each match
    by id and sort them all, but to walk the stream index in order and probe the matches.
    ``walk`` is the size of a page read in stream order: a person, organisation or topic on
    many entries is then probed entry by entry while walking, rather than fetched and sorted.
    """
    entry = TimelineEntry
    found: list[ColumnElement[bool]] = []
    if query.negotiation is not None:
        found.append(entry.negotiation_id == query.negotiation)
    if query.round is not None:
        found.append(entry.round_id == query.round)
    if query.kind is not None:
        found.append(entry.kind == query.kind)
    if query.verification is not None:
        found.append(entry.verification == query.verification)
    if query.date_from is not None:
        found.append(entry.sort_date >= query.date_from)
    if query.date_to is not None:
        found.append(entry.sort_date <= query.date_to)
    chosen = {
        facet: str(getattr(query, facet))
        for facet in ("person", "organisation", "topic")
        if getattr(query, facet) is not None
    }
    common = _common_facet_values(session, chosen, walk) if walk and chosen else set()
    for facet, value in chosen.items():
        carrying = select(TimelineFacet.entry_id).where(
            TimelineFacet.facet.in_(_stored_facets(facet, query)), TimelineFacet.value == value
        )
        if facet in common:
            found.append(carrying.where(TimelineFacet.entry_id == entry.id).exists())
        else:
            found.append(entry.id.in_(carrying))
    if query.terms and with_search:
        dialect = session.get_bind().dialect
        matched = search.matches(dialect, query.terms)
        probe = entry.id + 0 if broad and dialect.name == "sqlite" else entry.id
        found.append(probe.in_(select(matched.c.entry_id)))
    return found


def _stored_facets(facet: str, query: TimelineQuery) -> list[str]:
    """The stored facets a reader's filter or count by ``facet`` reads: an editor's "person"
    also finds the anonymous statements that person made."""
    if facet == "person" and query.reveals_speakers:
        return ["person", ANONYMOUS_PERSON]
    return [facet]


def _common_facet_values(session: Session, chosen: dict[str, str], size: int) -> set[str]:
    """The chosen facet values that are cheaper to probe while walking the stream than to
    fetch whole and sort.

    Walking reads about ``size * everything / carrying`` entries to fill a page; fetching reads
    ``carrying``: walking wins once ``carrying`` passes about the square root of their product.
    """
    carrying = dict(
        session.execute(
            select(TimelineFacetTotal.facet, TimelineFacetTotal.entries).where(
                tuple_(TimelineFacetTotal.facet, TimelineFacetTotal.value).in_(list(chosen.items()))
            )
        ).all()
    )
    everything = count(session, TimelineQuery())
    return {facet for facet, entries in carrying.items() if entries**2 > 4 * size * everything}


def count(session: Session, query: TimelineQuery) -> int:
    """How many entries ``query`` picks: from the kept totals, the search index or a count.

    A search alone is counted only up to just past :data:`FACET_SCAN_LIMIT` and
    :data:`RANK_LIMIT`; the page then says "more than".
    """
    if not query.is_filtered:
        return (
            session.scalar(
                select(func.sum(TimelineFacetTotal.entries)).where(
                    TimelineFacetTotal.facet == "kind"
                )
            )
            or 0
        )
    if query.terms and not replace(query, q="").is_filtered:
        # past the limits only "more than" matters, and counting half a million matches costs
        matched = search.matches(session.get_bind().dialect, query.terms)
        enough = select(matched.c.entry_id).limit(max(FACET_SCAN_LIMIT, RANK_LIMIT) + 1)
        return session.scalar(select(func.count()).select_from(enough.subquery())) or 0
    return (
        session.scalar(
            select(func.count()).select_from(TimelineEntry).where(*view_conditions(session, query))
        )
        or 0
    )


@dataclass
class TimelineItem:
    """One entry as the page shows it: its key, its record and, when searching, its match."""

    entry_id: int
    kind: EntryKind
    sort_date: dt.date
    round_id: int | None
    record_id: int = 0
    record: Any = None

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.sort_date, self.kind.value, self.entry_id)


@dataclass
class RoundGroup:
    """Consecutive entries of one round (or of none), shown under the round's heading."""

    round_id: int | None
    round: Round | None
    items: list[TimelineItem] = field(default_factory=list)


@dataclass
class TimelinePage:
    items: list[TimelineItem]
    next_cursor: Cursor | None = None
    previous_cursor: Cursor | None = None
    is_first: bool = True
    page: int = 1
    has_next_page: bool = False
    rounds: dict[int, Round] = field(default_factory=dict)
    #: a search asked for best match first, but matched too many entries to rank
    unranked: bool = False

    @property
    def groups(self) -> list[RoundGroup]:
        groups: list[RoundGroup] = []
        for item in self.items:
            if not groups or groups[-1].round_id != item.round_id:
                rounds = self.rounds.get(item.round_id) if item.round_id else None
                groups.append(RoundGroup(item.round_id, rounds))
            groups[-1].items.append(item)
        return groups


def page(
    session: Session, query: TimelineQuery, size: int = PAGE_SIZE, total: int | None = None
) -> TimelinePage:
    """One page of entries for ``query``, with the records they show loaded in a few queries.

    ``total`` is :func:`count` of ``query`` when the caller has it already.
    """
    if query.terms and total is None:
        total = count(session, query)
    wants_rank = query.order == "relevance" and bool(query.terms)
    if wants_rank and (total or 0) <= RANK_LIMIT:
        result = _ranked_page(session, query, size)
    else:
        result = _keyset_page(session, query, size, broad=(total or 0) > BROAD_MATCH)
        result.unranked = wants_rank
    _load_records(session, result)
    return result


def _keyset_page(
    session: Session, query: TimelineQuery, size: int, broad: bool = False
) -> TimelinePage:
    entry = TimelineEntry
    key = tuple_(entry.sort_date, entry.kind, entry.id)
    newest_first = query.order != "oldest"
    backwards = query.before is not None and query.after is None
    cursor = query.before if backwards else query.after
    descending = newest_first != backwards
    statement: Select = select(
        entry.id, entry.kind, entry.sort_date, entry.round_id, entry.record_id
    ).where(*view_conditions(session, query, broad=broad, walk=size))
    if cursor is not None:
        bound = tuple_(cursor.sort_date, cursor.kind, cursor.entry_id)
        statement = statement.where(key < bound if descending else key > bound)
    columns = (entry.sort_date, entry.kind, entry.id)
    statement = statement.order_by(
        *(column.desc() if descending else column.asc() for column in columns)
    ).limit(size + 1)
    rows = list(session.execute(statement).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    items = [TimelineItem(row[0], EntryKind(row[1]), row[2], row[3], row[4]) for row in rows]
    result = TimelinePage(items)
    if backwards:
        result.is_first = not more
        result.next_cursor = items[-1].cursor if items else None
        result.previous_cursor = items[0].cursor if items and more else None
    else:
        result.is_first = cursor is None
        result.next_cursor = items[-1].cursor if items and more else None
        result.previous_cursor = items[0].cursor if items and cursor is not None else None
    return result


def _ranked_page(session: Session, query: TimelineQuery, size: int) -> TimelinePage:
    entry = TimelineEntry
    matched = search.matches(session.get_bind().dialect, query.terms)
    statement = (
        select(entry.id, entry.kind, entry.sort_date, entry.round_id, entry.record_id)
        .join(matched, matched.c.entry_id == entry.id)
        .where(*view_conditions(session, query, with_search=False))
        .order_by(matched.c.rank, entry.sort_date.desc(), entry.id.desc())
        .limit(size + 1)
        .offset((query.page - 1) * size)
    )
    rows = session.execute(statement).all()
    items = [TimelineItem(row[0], EntryKind(row[1]), row[2], row[3], row[4]) for row in rows[:size]]
    return TimelinePage(
        items,
        is_first=query.page == 1,
        page=query.page,
        has_next_page=len(rows) > size and query.page < MAX_RANKED_PAGES,
    )


def _load_records(session: Session, result: TimelinePage) -> None:
    """Load each entry's record and the rounds they sit under: one query per kind present."""
    wanted: dict[EntryKind, list[int]] = defaultdict(list)
    for item in result.items:
        wanted[item.kind].append(item.record_id)
    loaded: dict[tuple[EntryKind, int], Any] = {}
    for kind, ids in wanted.items():
        model, options = LOADERS[kind]
        for record in session.scalars(select(model).where(model.id.in_(ids)).options(*options)):
            loaded[(kind, record.id)] = record
    for item in result.items:
        item.record = loaded.get((item.kind, item.record_id))
    result.items = [item for item in result.items if item.record is not None]
    round_ids = {item.round_id for item in result.items if item.round_id is not None}
    if round_ids:
        result.rounds = {
            r.id: r
            for r in session.scalars(
                select(Round)
                .where(Round.id.in_(round_ids))
                .options(joinedload(Round.venue), joinedload(Round.negotiation))
            )
        }


LOADERS: dict[EntryKind, tuple[type[Record], Sequence[Any]]] = {
    EntryKind.ROUND: (
        Round,
        [
            joinedload(Round.negotiation),
            joinedload(Round.venue),
            joinedload(Round.mediator),
            selectinload(Round.participations).joinedload(Participation.person),
            selectinload(Round.participations).joinedload(Participation.side),
            selectinload(Round.schedule_changes).options(
                joinedload(RoundScheduleChange.previous_venue),
                joinedload(RoundScheduleChange.new_venue),
                joinedload(RoundScheduleChange.announced_by),
            ),
            selectinload(Round.sources),
            selectinload(Round.agenda),
        ],
    ),
    EntryKind.OUTCOME: (
        ReportedOutcome,
        [
            joinedload(ReportedOutcome.reported_by),
            joinedload(ReportedOutcome.reported_by_person),
            selectinload(ReportedOutcome.sources),
            selectinload(ReportedOutcome.topics),
        ],
    ),
    EntryKind.STATEMENT: (
        Statement,
        [
            joinedload(Statement.speaker).selectinload(Person.titles),
            joinedload(Statement.speaker_organisation),
            selectinload(Statement.sources),
            selectinload(Statement.topics),
        ],
    ),
    EntryKind.DEVELOPMENT: (
        Development,
        [
            selectinload(Development.sources),
            selectinload(Development.topics),
            selectinload(Development.people),
            selectinload(Development.organisations),
        ],
    ),
}


# -- facets ------------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    """How many entries of the current view carry each value of each facet."""

    total: int
    values: dict[str, list[FacetValue]]
    months: list[FacetValue]
    #: the counts are over all entries, because this view holds too many to count quickly
    over_everything: bool = False


def facets(session: Session, query: TimelineQuery, total: int | None = None) -> Facets:
    """Counts for every facet over the entries ``query`` picks.

    The whole timeline's counts are kept (:class:`TimelineFacetTotal`); a view of more than
    :data:`FACET_SCAN_LIMIT` entries shows those too, flagged, rather than make a reader wait.
    ``total`` is :func:`count` of ``query`` when the caller has it already.
    """
    if total is None:
        total = count(session, query)
    over_everything = query.is_filtered and total > FACET_SCAN_LIMIT
    if query.is_filtered and not over_everything:
        conditions = view_conditions(session, query)
        counted = session.execute(
            select(TimelineFacet.facet, TimelineFacet.value, func.count())
            .where(TimelineFacet.entry_id.in_(select(TimelineEntry.id).where(*conditions)))
            .group_by(TimelineFacet.facet, TimelineFacet.value)
        ).all()
    else:
        counted = session.execute(
            select(
                TimelineFacetTotal.facet, TimelineFacetTotal.value, TimelineFacetTotal.entries
            ).where(TimelineFacetTotal.entries > 0)
        ).all()
    by_facet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for facet, value, entries in counted:
        for shown in FACETS:
            if facet in _stored_facets(shown, query):
                by_facet[shown][value] += entries
        if facet == "month":
            by_facet[facet][value] = entries
    values: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        counts = by_facet.get(facet, {})
        chosen = _arg(getattr(query, facet)) if getattr(query, facet) is not None else None
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        if chosen is not None and chosen not in dict(top):
            top.append((chosen, counts.get(chosen, 0)))
        labels = _labels(session, facet, [value for value, _ in top])
        values[facet] = [
            FacetValue(value, labels.get(value, value), entries, value == chosen)
            for value, entries in top
        ]
    months = sorted(by_facet.get("month", {}).items(), reverse=True)[:24]
    return Facets(
        total,
        values,
        [FacetValue(month, _month_label(month), entries) for month, entries in months],
        over_everything,
    )


def _month_label(month: str) -> str:
    return dt.date.fromisoformat(f"{month}-01").strftime("%B %Y")


def _labels(session: Session, facet: str, values: list[str]) -> dict[str, str]:
    if facet == "kind":
        return {value: EntryKind(value).label for value in values}
    if facet == "verification":
        return {value: Verification(value).label for value in values}
    model = ID_FACETS[facet]
    ids = [int(value) for value in values if value.isdigit()]
    if not ids:
        return {}
    if issubclass(model, Round):
        # "Round 3" twice would be ambiguous: with several negotiations each names its own.
        named = several_negotiations(session)
        rounds = session.scalars(
            select(Round).where(Round.id.in_(ids)).options(joinedload(Round.negotiation))
        )
        return {str(r.id): r.label_with_negotiation if named else r.label for r in rounds}
    name = Negotiation.title if issubclass(model, Negotiation) else model.name
    return {
        str(identifier): label
        for identifier, label in session.execute(select(model.id, name).where(model.id.in_(ids)))
    }


def month_range(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``YYYY-MM``."""
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)
