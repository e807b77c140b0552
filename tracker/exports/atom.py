"""An Atom feed of a negotiation's new and corrected entries, for feed readers.

Entries are outcomes, statements and developments. An entry's Atom id is its record uid, so a
correction updates the entry a reader already has instead of adding a second one; a corrected
entry says so in its title and carries the public correction note. Corrections come from the
edit history (:mod:`tracker.services.history`), and an entry marked ``corrected`` with a
correction note counts even without one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Development, Negotiation, ReportedOutcome, Round, Statement, Verification
from tracker.services import history

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


def _describe(record: Any) -> tuple[str, str]:
    if isinstance(record, Statement):
        return record.speaker_label, record.text_original
    if isinstance(record, ReportedOutcome):
        return "Reported outcome", record.summary
    return record.headline, record.description or ""


def atom_for(
    session: Session,
    negotiation: Negotiation,
    feed_url: str,
    page_url: Callable[[Any], str | None],
) -> bytes:
    """The feed, newest first: each entry updated when it was last edited or corrected."""
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

    def updated(row: tuple[Any, Any]) -> Any:
        record, correction = row
        return max(record.updated_at, correction.changed_at) if correction else record.updated_at

    rows.sort(key=updated, reverse=True)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{negotiation.uid}")
    feed.title(f"{negotiation.title}: new and corrected entries")
    feed.link(href=feed_url, rel="self")
    feed.language("en")
    feed.generator("Negotiation Round Tracker")
    feed.updated(updated(rows[0]) if rows else negotiation.updated_at)
    for record, correction in reversed(rows[:FEED_SIZE]):
        headline, body = _describe(record)
        note = correction.correction_note if correction else None
        is_corrected = correction is not None or (
            record.verification is Verification.CORRECTED and record.correction_note
        )
        note = note or record.correction_note
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{record.uid}")
        entry.title(f"Corrected: {headline}" if is_corrected else headline)
        entry.published(record.created_at)
        entry.updated(updated((record, correction)))
        summary = f"{record.when_display}. {body}"
        if is_corrected and note:
            summary += f"\n\nCorrection: {note}"
        summary += f"\n\nVerification: {record.verification.label}."
        entry.content(summary, type="text")
        if (url := page_url(record)) is not None:
            entry.link(href=url)
        if is_corrected:
            entry.category(term="corrected")
    return feed.atom_str(pretty=True)
