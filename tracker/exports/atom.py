"""An Atom feed of a negotiation's new and corrected entries, for feed readers.

Entries are outcomes (titled with what was reported), statements and developments. An entry's
Atom id is its record uid, so a correction updates the entry a reader already has instead of
adding a second one; a corrected entry says so in its title and carries the public correction
note. Corrections come from the edit history (:mod:`tracker.services.history`), and an entry
marked ``corrected`` with a correction note counts even without one.

Two more kinds of entry say when the record changed: each schedule change of the negotiation's
rounds (worded by :mod:`tracker.services.schedule`, as on the round page and in the calendar),
and each correction of a record that is not an entry itself: a round or a seat at it of this
negotiation, or a person, title, organisation, venue, source or topic, which every story shares.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from feedgen.feed import FeedGenerator
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    ChangeRecord,
    Development,
    Negotiation,
    Participation,
    PersonTitle,
    ReportedOutcome,
    Round,
    RoundScheduleChange,
    Statement,
    Verification,
)
from tracker.services import history
from tracker.services.registry import service_for
from tracker.services.schedule import describe_change

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
#: entries a feed carries: readers poll often, so the newest are all they need
FEED_SIZE = 100


def _recent(session: Session, model: Any, where: Any, kind: str) -> list[tuple[Any, Any]]:
    records = session.scalars(
        select(model)
        .where(where)
        .options(selectinload(model.sources))
        .order_by(model.updated_at.desc(), model.id.desc())
        .limit(FEED_SIZE)
    ).all()
    corrections = history.latest_corrections(session, kind, [record.id for record in records])
    return [(record, corrections.get(record.id)) for record in records]


#: kinds of record whose corrections every negotiation's feed carries: the reference records
#: its stories share (a person's wrong title reads wrong in every negotiation quoting them)
SHARED_KINDS = ("person", "title", "organisation", "venue", "source", "topic")
#: characters of an outcome's summary its entry title keeps
TITLE_LENGTH = 150


def _headline(text: str) -> str:
    """The first line of ``text``, shortened to fit a feed reader's list of titles."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def _describe(record: Any) -> tuple[str, str]:
    if isinstance(record, Statement):
        return record.speaker_label, record.text_original
    if isinstance(record, ReportedOutcome):
        return _headline(record.summary), record.summary
    return record.headline, record.description or ""


@dataclass
class _Entry:
    id: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    content: str
    link: str | None
    corrected: bool


def _fact_entries(
    session: Session, negotiation: Negotiation, page_url: Callable[[Any], str | None]
) -> list[_Entry]:
    rows = [
        *_recent(
            session,
            ReportedOutcome,
            ReportedOutcome.round_id.in_(
                select(Round.id).where(Round.negotiation_id == negotiation.id)
            ),
            "outcome",
        ),
        *_recent(session, Statement, Statement.negotiation_id == negotiation.id, "statement"),
        *_recent(session, Development, Development.negotiation_id == negotiation.id, "development"),
    ]
    entries = []
    for record, correction in rows:
        headline, body = _describe(record)
        note = (correction.correction_note if correction else None) or record.correction_note
        is_corrected = correction is not None or (
            record.verification is Verification.CORRECTED and record.correction_note
        )
        summary = f"{record.when_display}. {body}"
        if is_corrected and note:
            summary += f"\n\nCorrection: {note}"
        summary += f"\n\nVerification: {record.verification.label}."
        updated = max(record.updated_at, correction.changed_at) if correction else None
        entries.append(
            _Entry(
                id=f"urn:uuid:{record.uid}",
                title=f"Corrected: {headline}" if is_corrected else headline,
                published=record.created_at,
                updated=updated or record.updated_at,
                content=summary,
                link=page_url(record),
                corrected=bool(is_corrected),
            )
        )
    return entries


def _schedule_entries(
    session: Session, negotiation: Negotiation, page_url: Callable[[Any], str | None]
) -> list[_Entry]:
    changes = session.scalars(
        select(RoundScheduleChange)
        .join(Round, RoundScheduleChange.round_id == Round.id)
        .where(Round.negotiation_id == negotiation.id)
        .options(
            selectinload(RoundScheduleChange.round),
            selectinload(RoundScheduleChange.previous_venue),
            selectinload(RoundScheduleChange.new_venue),
            selectinload(RoundScheduleChange.announced_by),
        )
        .order_by(RoundScheduleChange.recorded_at.desc(), RoundScheduleChange.id.desc())
        .limit(FEED_SIZE)
    )
    entries = []
    for change in changes:
        sentence = describe_change(change)
        entries.append(
            _Entry(
                id=f"urn:uuid:{uuid.uuid5(change.round.uid, f'schedule-change-{change.id}')}",
                title=f"{change.round.label}: {sentence}",
                published=change.recorded_at,
                updated=change.recorded_at,
                content=sentence + (f"\n\n{change.note}" if change.note else ""),
                link=page_url(change.round),
                corrected=False,
            )
        )
    return entries


def _correction_entries(
    session: Session, negotiation: Negotiation, page_url: Callable[[Any], str | None]
) -> list[_Entry]:
    """Corrections of the records that are not feed entries themselves."""
    own_rounds = select(Round.id).where(Round.negotiation_id == negotiation.id)
    own_seats = select(Participation.id).where(Participation.round_id.in_(own_rounds))
    belongs = or_(
        ChangeRecord.record_kind.in_(SHARED_KINDS),
        and_(ChangeRecord.record_kind == "round", ChangeRecord.record_id.in_(own_rounds)),
        and_(ChangeRecord.record_kind == "participation", ChangeRecord.record_id.in_(own_seats)),
        and_(ChangeRecord.record_kind == "negotiation", ChangeRecord.record_id == negotiation.id),
    )
    changes = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.is_correction.is_(True), belongs)
        .order_by(ChangeRecord.changed_at.desc(), ChangeRecord.id.desc())
        .limit(FEED_SIZE)
    ).all()
    entries = []
    for change in changes:
        record = session.get(service_for(change.record_kind).model, change.record_id)
        what = f"{change.record_kind} {change.record_label}"
        if isinstance(record, PersonTitle):  # a title shows on its person's page
            what = f"title of {record.person.name}: {change.record_label}"
            record = record.person
        key = uuid.uuid5(change.record_uid or negotiation.uid, f"correction-{change.id}")
        entries.append(
            _Entry(
                id=f"urn:uuid:{key}",
                title=f"Corrected {what}",
                published=change.changed_at,
                updated=change.changed_at,
                content=f"Correction: {change.correction_note or 'no note given'}",
                link=page_url(record) if record is not None else None,
                corrected=True,
            )
        )
    return entries


def atom_for(
    session: Session,
    negotiation: Negotiation,
    feed_url: str,
    page_url: Callable[[Any], str | None],
) -> bytes:
    """The feed, newest first: each entry updated when it was last edited or corrected."""
    entries = [
        *_fact_entries(session, negotiation, page_url),
        *_schedule_entries(session, negotiation, page_url),
        *_correction_entries(session, negotiation, page_url),
    ]
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{negotiation.uid}")
    feed.title(f"{negotiation.title}: new and corrected entries")
    feed.link(href=feed_url, rel="self")
    feed.language("en")
    feed.generator("Negotiation Round Tracker")
    feed.updated(entries[0].updated if entries else negotiation.updated_at)
    for entry in reversed(entries[:FEED_SIZE]):
        item = feed.add_entry()
        item.id(entry.id)
        item.title(entry.title)
        item.published(entry.published)
        item.updated(entry.updated)
        item.content(entry.content, type="text")
        if entry.link is not None:
            item.link(href=entry.link)
        if entry.corrected:
            item.category(term="corrected")
    return feed.atom_str(pretty=True)
