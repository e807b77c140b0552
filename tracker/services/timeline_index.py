"""Keeping the timeline's derived rows in step with the records they describe.

:func:`refresh_after_flush` runs after every ORM flush once :func:`install` has hooked it into
SQLAlchemy's sessions (``create_app`` does), so the web pages, the API, the CLI and the demo
loader all keep the timeline, its facets and its full-text index correct in the same
transaction as their write. :func:`rebuild` recreates
everything, for bulk loads that bypass the ORM unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, event, func, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.db import Record
from tracker.models import (
    Attribution,
    Development,
    Negotiation,
    Organisation,
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
    development_organisations,
    development_people,
    development_topics,
    outcome_topics,
    round_topics,
    statement_topics,
)
from tracker.models.timeline import EntryKind, TimelineEntry, TimelineFacet, TimelineFacetTotal
from tracker.services.search_text import fold

CHUNK = 2000

KIND_OF: dict[type[Record], EntryKind] = {
    Round: EntryKind.ROUND,
    ReportedOutcome: EntryKind.OUTCOME,
    Statement: EntryKind.STATEMENT,
    Development: EntryKind.DEVELOPMENT,
}
#: the facet of the person behind an anonymous statement: kept apart from ``person`` so that
#: only readers who may know the speaker filter or count by it (see TimelineQuery)
ANONYMOUS_PERSON = "anonymous_person"
#: records whose change or deletion alters every entry that names them, and the facets they
#: are named under
REFERENCE_FACETS: dict[type, tuple[str, ...]] = {
    Round: ("round",),
    Person: ("person", ANONYMOUS_PERSON),
    Organisation: ("organisation",),
    Topic: ("topic",),
}

#: the columns of an entry computed from its record (``kind`` and ``record_id`` identify it)
ENTRY_COLUMNS = ("negotiation_id", "round_id", "sort_date", "verification", "search_text")
ENTRY_COLUMNS_SELECTED = [getattr(TimelineEntry, name) for name in ENTRY_COLUMNS]


@dataclass
class EntryDraft:
    """What one entry should hold, computed from its record and the records it names."""

    record_id: int
    negotiation_id: int | None
    round_id: int | None
    sort_date: dt.date
    verification: Verification | None
    texts: list[str | None] = field(default_factory=list)
    people: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    topics: set[int] = field(default_factory=set)
    #: who said an anonymous statement: a facet only, never searchable text
    anonymous_people: set[int] = field(default_factory=set)

    def facets(self, kind: EntryKind) -> set[tuple[str, str]]:
        found = {("kind", kind.value), ("month", self.sort_date.strftime("%Y-%m"))}
        if self.negotiation_id is not None:
            found.add(("negotiation", str(self.negotiation_id)))
        if self.round_id is not None:
            found.add(("round", str(self.round_id)))
        if self.verification is not None:
            found.add(("verification", Verification(self.verification).value))
        found.update(("person", str(i)) for i in self.people)
        found.update(("organisation", str(i)) for i in self.organisations)
        found.update(("topic", str(i)) for i in self.topics)
        found.update((ANONYMOUS_PERSON, str(i)) for i in self.anonymous_people)
        return found

    def row(self, kind: EntryKind) -> dict:
        return {
            "kind": kind,
            "record_id": self.record_id,
            "negotiation_id": self.negotiation_id,
            "round_id": self.round_id,
            "sort_date": self.sort_date,
            "verification": self.verification,
            "search_text": fold(" ".join(text for text in self.texts if text)),
        }


def _day(earliest: dt.date | None, created: dt.datetime | dt.date | str | None) -> dt.date:
    if earliest is not None:
        return earliest
    if isinstance(created, dt.datetime):
        return created.date()
    if isinstance(created, str):
        return dt.date.fromisoformat(created[:10])
    return created or dt.date.today()


def _names(
    conn: Connection, model: type[Person | Organisation], ids: Iterable[int]
) -> dict[int, list[str | None]]:
    """``id -> [name, name in original script]`` for people or organisations."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = conn.execute(
        select(model.id, model.name, model.name_original).where(model.id.in_(wanted))
    )
    return {row[0]: [row[1], row[2]] for row in rows}


def _people_names(conn: Connection, ids: Iterable[int]) -> dict[int, list[str | None]]:
    """``id -> [name, name in original script, other spellings]``: a search for any spelling
    the newsroom has recorded finds the person's entries."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = conn.execute(
        select(Person.id, Person.name, Person.name_original, Person.aliases).where(
            Person.id.in_(wanted)
        )
    )
    return {row[0]: [row[1], row[2], row[3]] for row in rows}


def _linked(conn: Connection, table, left: str, right: str, ids: list[int]) -> dict[int, set[int]]:
    linked: dict[int, set[int]] = defaultdict(set)
    columns = table.c
    for owner, other in conn.execute(
        select(columns[left], columns[right]).where(columns[left].in_(ids))
    ):
        linked[owner].add(other)
    return linked


def _topic_texts(conn: Connection, drafts: Iterable[EntryDraft]) -> None:
    drafts = list(drafts)
    wanted = {topic for draft in drafts for topic in draft.topics}
    if not wanted:
        return
    names = {
        row[0]: [row[1], row[2]]
        for row in conn.execute(
            select(Topic.id, Topic.name, Topic.name_original).where(Topic.id.in_(wanted))
        )
    }
    for draft in drafts:
        for topic in sorted(draft.topics):
            draft.texts.extend(names.get(topic, []))


def _add_names(conn: Connection, drafts: Iterable[EntryDraft]) -> None:
    drafts = list(drafts)
    people = _people_names(conn, {i for d in drafts for i in d.people})
    organisations = _names(conn, Organisation, {i for d in drafts for i in d.organisations})
    for draft in drafts:
        for person in sorted(draft.people):
            draft.texts.extend(people.get(person, []))
        for organisation in sorted(draft.organisations):
            draft.texts.extend(organisations.get(organisation, []))
    _topic_texts(conn, drafts)


def draft_rounds(conn: Connection, ids: list[int]) -> dict[int, EntryDraft]:
    drafts: dict[int, EntryDraft] = {}
    rows = conn.execute(
        select(
            Round.id,
            Round.negotiation_id,
            Round.when_earliest,
            Round.created_at,
            Round.number,
            Round.title,
            Round.summary,
            Round.when_text,
            Round.mediator_id,
            Venue.name,
            Venue.name_original,
            Venue.city,
        )
        .outerjoin(Venue, Venue.id == Round.venue_id)
        .where(Round.id.in_(ids))
    )
    for row in rows:
        draft = EntryDraft(row.id, row.negotiation_id, row.id, _day(row[2], row[3]), None)
        number = f"Round {row.number}" if row.number is not None else None
        draft.texts += [number, row.title, row.summary, row.when_text]
        draft.texts += [row[9], row[10], row[11]]
        if row.mediator_id is not None:
            draft.organisations.add(row.mediator_id)
        drafts[row.id] = draft
    if not drafts:
        return drafts
    for round_id, person_id, side_id in conn.execute(
        select(Participation.round_id, Participation.person_id, Participation.side_id).where(
            Participation.round_id.in_(list(drafts))
        )
    ):
        drafts[round_id].people.add(person_id)
        if side_id is not None:
            drafts[round_id].organisations.add(side_id)
    for round_id, topics in _linked(conn, round_topics, "round_id", "topic_id", ids).items():
        drafts[round_id].topics |= topics
    _add_names(conn, drafts.values())
    return drafts


def draft_outcomes(conn: Connection, ids: list[int]) -> dict[int, EntryDraft]:
    drafts: dict[int, EntryDraft] = {}
    rows = conn.execute(
        select(
            ReportedOutcome.id,
            Round.negotiation_id,
            ReportedOutcome.round_id,
            ReportedOutcome.when_earliest,
            ReportedOutcome.created_at,
            ReportedOutcome.verification,
            ReportedOutcome.summary,
            ReportedOutcome.correction_note,
            ReportedOutcome.when_text,
            ReportedOutcome.reported_by_id,
            ReportedOutcome.reported_by_person_id,
            Round.title,
        )
        .join(Round, Round.id == ReportedOutcome.round_id)
        .where(ReportedOutcome.id.in_(ids))
    )
    for row in rows:
        draft = EntryDraft(row[0], row[1], row[2], _day(row[3], row[4]), row[5])
        draft.texts += [row[6], row[7], row[8], row[11]]
        if row[9] is not None:
            draft.organisations.add(row[9])
        if row[10] is not None:
            draft.people.add(row[10])
        drafts[row[0]] = draft
    for owner, topics in _linked(
        conn, outcome_topics, "reported_outcome_id", "topic_id", list(drafts)
    ).items():
        drafts[owner].topics |= topics
    _add_names(conn, drafts.values())
    return drafts


def draft_statements(conn: Connection, ids: list[int]) -> dict[int, EntryDraft]:
    drafts: dict[int, EntryDraft] = {}
    rows = conn.execute(
        select(
            Statement.id,
            Statement.negotiation_id,
            Statement.round_id,
            Statement.when_earliest,
            Statement.created_at,
            Statement.verification,
            Statement.text_original,
            Statement.text_translation,
            Statement.speaker_description,
            Statement.speaker_role,
            Statement.correction_note,
            Statement.when_text,
            Statement.speaker_id,
            Statement.speaker_organisation_id,
            Person.organisation_id,
            Statement.attribution,
        )
        .outerjoin(Person, Person.id == Statement.speaker_id)
        .where(Statement.id.in_(ids))
    )
    for row in rows:
        draft = EntryDraft(row[0], row[1], row[2], _day(row[3], row[4]), row[5])
        anonymous = row[15] == Attribution.ANONYMOUS
        original, translation, description = row[6], row[7], row[8]
        role, correction, when_text = row[9], row[10], row[11]
        # a role kept from when the statement was on the record would find it by who spoke
        role = None if anonymous else role
        draft.texts += [original, translation, description, role, correction, when_text]
        if row[12] is not None:
            (draft.anonymous_people if anonymous else draft.people).add(row[12])
        # the organisation spoken for: as published, else (unless that would point at an
        # anonymous speaker) the speaker's own
        organisation = row[13] if row[13] is not None or anonymous else row[14]
        if organisation is not None:
            draft.organisations.add(organisation)
        drafts[row[0]] = draft
    for owner, topics in _linked(
        conn, statement_topics, "statement_id", "topic_id", list(drafts)
    ).items():
        drafts[owner].topics |= topics
    _add_names(conn, drafts.values())
    return drafts


def draft_developments(conn: Connection, ids: list[int]) -> dict[int, EntryDraft]:
    drafts: dict[int, EntryDraft] = {}
    rows = conn.execute(
        select(
            Development.id,
            Development.negotiation_id,
            Development.round_id,
            Development.when_earliest,
            Development.created_at,
            Development.verification,
            Development.headline,
            Development.description,
            Development.correction_note,
            Development.when_text,
        ).where(Development.id.in_(ids))
    )
    for row in rows:
        draft = EntryDraft(row[0], row[1], row[2], _day(row[3], row[4]), row[5])
        draft.texts += list(row[6:10])
        drafts[row[0]] = draft
    owners = list(drafts)
    for table, right, attribute in (
        (development_topics, "topic_id", "topics"),
        (development_people, "person_id", "people"),
        (development_organisations, "organisation_id", "organisations"),
    ):
        for owner, linked in _linked(conn, table, "development_id", right, owners).items():
            getattr(drafts[owner], attribute).update(linked)
    _add_names(conn, drafts.values())
    return drafts


DRAFTERS = {
    EntryKind.ROUND: draft_rounds,
    EntryKind.OUTCOME: draft_outcomes,
    EntryKind.STATEMENT: draft_statements,
    EntryKind.DEVELOPMENT: draft_developments,
}
MODELS: dict[EntryKind, type[Record]] = {kind: model for model, kind in KIND_OF.items()}


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    batch: list[int] = []
    for identifier in ids:
        batch.append(identifier)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(conn: Connection, kind: EntryKind, drafts: dict[int, EntryDraft]) -> Counter:
    """Insert entries and their facets; returns the facet values added."""
    added: Counter = Counter()
    if not drafts:
        return added
    ordered = list(drafts.values())
    created = conn.execute(
        insert(TimelineEntry).returning(
            TimelineEntry.id, TimelineEntry.record_id, sort_by_parameter_order=True
        ),
        [draft.row(kind) for draft in ordered],
    )
    facet_rows = []
    for (entry_id, record_id), draft in zip(created, ordered, strict=True):
        assert record_id == draft.record_id
        for facet, value in draft.facets(kind):
            facet_rows.append({"entry_id": entry_id, "facet": facet, "value": value})
            added[(facet, value)] += 1
    if facet_rows:
        conn.execute(insert(TimelineFacet), facet_rows)
    return added


def _lock_entries(conn: Connection, kind: EntryKind, record_ids: list[int]) -> dict[int, Any]:
    """The current entries of ``record_ids``, locked until the transaction ends.

    Locks are taken in record order, so two saves that touch the same entries queue behind
    each other instead of deadlocking; a save that waited then reads what the first committed.
    SQLite ignores ``FOR UPDATE``: its writers already take turns.
    """
    rows = conn.execute(
        select(TimelineEntry.id, TimelineEntry.record_id, *ENTRY_COLUMNS_SELECTED)
        .where(TimelineEntry.kind == kind, TimelineEntry.record_id.in_(record_ids))
        .order_by(TimelineEntry.record_id)
        .with_for_update()
    )
    return {row.record_id: row for row in rows}


def _facets_of(conn: Connection, entry_ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    if entry_ids:
        for entry_id, facet, value in conn.execute(
            select(TimelineFacet.entry_id, TimelineFacet.facet, TimelineFacet.value).where(
                TimelineFacet.entry_id.in_(entry_ids)
            )
        ):
            found[entry_id].add((facet, value))
    return found


def _update_in_place(conn: Connection, kind: EntryKind, record_ids: list[int]) -> Counter:
    """Bring the entries of ``record_ids`` in step with their records, changing only what
    differs: an entry is updated where it stands, inserted only when missing and deleted only
    when its record is gone. Returns the change in facet counts.

    Rewriting entries wholesale (delete, then insert) made concurrent saves that touch the
    same entry collide on its unique key on PostgreSQL, where neither sees the other's insert.
    """
    change: Counter = Counter()
    existing = _lock_entries(conn, kind, record_ids)
    drafts = DRAFTERS[kind](conn, record_ids)
    facets_now = _facets_of(conn, [row.id for row in existing.values()])
    gone = [row.id for record_id, row in existing.items() if record_id not in drafts]
    for entry_id in gone:
        change.subtract(facets_now[entry_id])
    if gone:
        conn.execute(delete(TimelineFacet).where(TimelineFacet.entry_id.in_(gone)))
        conn.execute(delete(TimelineEntry).where(TimelineEntry.id.in_(gone)))
    change.update(_insert(conn, kind, {i: d for i, d in drafts.items() if i not in existing}))
    changed_rows, stale_facets, new_facets = [], [], []
    for record_id, draft in drafts.items():
        row = existing.get(record_id)
        if row is None:
            continue
        wanted = draft.row(kind)
        if any(wanted[name] != getattr(row, name) for name in ENTRY_COLUMNS):
            changed_rows.append(
                {"entry_id": row.id, **{f"new_{n}": wanted[n] for n in ENTRY_COLUMNS}}
            )
        facets = draft.facets(kind)
        for facet, value in sorted(facets_now[row.id] - facets):
            stale_facets.append((row.id, facet, value))
            change[(facet, value)] -= 1
        for facet, value in sorted(facets - facets_now[row.id]):
            new_facets.append({"entry_id": row.id, "facet": facet, "value": value})
            change[(facet, value)] += 1
    if changed_rows:
        conn.execute(
            update(TimelineEntry)
            .where(TimelineEntry.id == bindparam("entry_id"))
            .values({name: bindparam(f"new_{name}") for name in ENTRY_COLUMNS}),
            changed_rows,
        )
    if stale_facets:
        conn.execute(
            delete(TimelineFacet).where(
                tuple_(TimelineFacet.entry_id, TimelineFacet.facet, TimelineFacet.value).in_(
                    stale_facets
                )
            )
        )
    if new_facets:
        conn.execute(insert(TimelineFacet), new_facets)
    return change


def _adjust_totals(conn: Connection, change: Counter) -> None:
    """Add ``change`` to the facet totals with one upsert, in key order.

    ``INSERT ... ON CONFLICT DO UPDATE`` never fails because another save created or removed
    the same total meanwhile, and touching totals in one fixed order keeps two saves from
    each holding a total the other waits for.
    """
    keys = sorted(key for key, delta in change.items() if delta)
    if not keys:
        return
    dialect_insert = postgresql_insert if conn.dialect.name == "postgresql" else sqlite_insert
    upsert = dialect_insert(TimelineFacetTotal).values(
        [
            {"facet": facet, "value": value, "entries": change[(facet, value)]}
            for facet, value in keys
        ]
    )
    conn.execute(
        upsert.on_conflict_do_update(
            index_elements=[TimelineFacetTotal.facet, TimelineFacetTotal.value],
            set_={"entries": TimelineFacetTotal.entries + upsert.excluded.entries},
        )
    )
    conn.execute(
        delete(TimelineFacetTotal).where(
            tuple_(TimelineFacetTotal.facet, TimelineFacetTotal.value).in_(keys),
            TimelineFacetTotal.entries <= 0,
        )
    )


def refresh(conn: Connection, targets: dict[EntryKind, set[int]]) -> None:
    """Recompute the entries of these records; records that no longer exist lose theirs.

    Kinds and records are visited in one fixed order, so concurrent saves lock shared entries
    in the same order.
    """
    change: Counter = Counter()
    for kind in EntryKind:
        for batch in _chunks(sorted(targets.get(kind, ()))):
            change.update(_update_in_place(conn, kind, batch))
    _adjust_totals(conn, change)


def install() -> None:
    """Keep the timeline in step with every ORM session from now on; installing twice is
    harmless. Called by ``create_app``, and by scripts that write without an app."""
    if not event.contains(Session, "after_flush", _keep_timeline_in_step):
        event.listen(Session, "after_flush", _keep_timeline_in_step)


def _keep_timeline_in_step(session: Session, _context: Any) -> None:
    """Whatever door wrote through an ORM session, its timeline entries follow in the same
    transaction."""
    refresh_after_flush(session)


def refresh_after_flush(session: Session) -> None:
    """Find the entries a flush may have changed and recompute them."""
    targets: dict[EntryKind, set[int]] = defaultdict(set)
    references: set[tuple[str, str]] = set()
    renamed_venues: set[int] = set()
    changed = [*session.new, *session.dirty]
    for record in [*changed, *session.deleted]:
        kind = KIND_OF.get(type(record))
        if kind is not None and record.id is not None:
            targets[kind].add(record.id)
        if isinstance(record, Participation) and record.round_id is not None:
            targets[EntryKind.ROUND].add(record.round_id)
    for record in [*session.dirty, *session.deleted]:
        if record.id is not None:
            references.update(
                (facet, str(record.id)) for facet in REFERENCE_FACETS.get(type(record), ())
            )
        if isinstance(record, Negotiation) and record in session.deleted:
            references.add(("negotiation", str(record.id)))
        if isinstance(record, Venue) and record.id is not None:
            renamed_venues.add(record.id)
    if not targets and not references and not renamed_venues:
        return
    conn = session.connection()
    if renamed_venues:  # a round's entry is found by its venue's name
        targets[EntryKind.ROUND].update(
            conn.scalars(select(Round.id).where(Round.venue_id.in_(renamed_venues)))
        )
    if references:
        pairs = sorted(references)
        for kind, record_id in conn.execute(
            select(TimelineEntry.kind, TimelineEntry.record_id)
            .join(TimelineFacet, TimelineFacet.entry_id == TimelineEntry.id)
            .where(tuple_(TimelineFacet.facet, TimelineFacet.value).in_(pairs))
            .distinct()
        ):
            targets[EntryKind(kind)].add(record_id)
    refresh(conn, targets)


def rebuild(session: Session) -> int:
    """Recreate every timeline entry, facet and count from the records; returns the entries.

    For bulk loads written with Core inserts, which skip the ORM's flush events.
    """
    conn = session.connection()
    conn.execute(delete(TimelineFacetTotal))
    conn.execute(delete(TimelineFacet))
    conn.execute(delete(TimelineEntry))
    for kind, model in MODELS.items():
        ids = conn.scalars(select(model.id).order_by(model.id)).all()
        for batch in _chunks(ids):
            _insert(conn, kind, DRAFTERS[kind](conn, batch))
    conn.execute(
        insert(TimelineFacetTotal).from_select(
            ["facet", "value", "entries"],
            select(TimelineFacet.facet, TimelineFacet.value, func.count()).group_by(
                TimelineFacet.facet, TimelineFacet.value
            ),
        )
    )
    return conn.scalar(select(func.count()).select_from(TimelineEntry)) or 0
