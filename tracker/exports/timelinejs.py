"""A negotiation as Knight Lab TimelineJS JSON, for the graphics desk to embed.

Every dated round, outcome, statement and development becomes an event whose ``start_date``
is only as precise as the record's date (a month stays a month); events are grouped by round,
and a round that spans several days becomes an era. TimelineJS renders text fields as HTML
(``text``, but also ``display_date`` and ``group``), so every text value is escaped here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Development, Negotiation, ReportedOutcome, Round, Statement

_PART = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
UNGROUPED = "Across the negotiation"


def date_parts(edtf_part: str) -> dict[str, str] | None:
    """``2025-04`` -> ``{"year": "2025", "month": "4"}``: no more precise than the record."""
    match = _PART.match(edtf_part.strip().rstrip("~?%"))
    if match is None:
        return None
    year, month, day = match.groups()
    parts = {"year": year}
    if month:
        parts["month"] = str(int(month))
    if day:
        parts["day"] = str(int(day))
    return parts


def _dates(record: Any) -> dict[str, Any] | None:
    """``start_date``, ``end_date`` and ``display_date`` of a dated record, or ``None``."""
    if not record.when_edtf:
        return None
    sides = record.when_edtf.split("/")
    start = date_parts(sides[0]) if sides[0] not in ("", "..") else None
    if start is None and record.when_earliest is not None:
        day = record.when_earliest
        start = {"year": str(day.year), "month": str(day.month), "day": str(day.day)}
    if start is None:
        return None
    if record.when_time is not None and "day" in start:
        start.update(hour=str(record.when_time.hour), minute=str(record.when_time.minute))
    dates: dict[str, Any] = {"start_date": start, "display_date": str(escape(record.when_display))}
    if len(sides) == 2 and (end := date_parts(sides[1])) is not None:
        dates["end_date"] = end
    return dates


def _sources_html(sources: list[Any]) -> str:
    items = []
    for source in sources:
        label = escape(str(source))
        if source.url:
            items.append(f'<a href="{escape(source.url)}" rel="noopener noreferrer">{label}</a>')
        else:
            items.append(str(label))
    return f"<p>Sources: {'; '.join(items)}</p>" if items else ""


def _text(headline: str, body: str | None, record: Any) -> dict[str, str]:
    paragraphs = f"<p>{escape(body)}</p>" if body else ""
    verification = getattr(record, "verification", None)
    if verification is not None:
        paragraphs += f"<p>Verification: {escape(verification.label)}</p>"
        if record.correction_note:
            paragraphs += f"<p>Correction: {escape(record.correction_note)}</p>"
    return {"headline": str(escape(headline)), "text": paragraphs + _sources_html(record.sources)}


def _event(record: Any, headline: str, body: str | None, group: str) -> dict[str, Any] | None:
    dates = _dates(record)
    if dates is None:
        return None
    return {
        **dates,
        "text": _text(headline, body, record),
        "group": str(escape(group)),
        "unique_id": str(escape(f"{type(record).__name__.lower()}-{record.uid}")),
    }


def _round_era(round_: Round) -> dict[str, Any] | None:
    if round_.when_earliest is None or round_.when_latest in (None, round_.when_earliest):
        return None
    start, end = round_.when_earliest, round_.when_latest
    return {
        "start_date": {"year": str(start.year), "month": str(start.month), "day": str(start.day)},
        "end_date": {"year": str(end.year), "month": str(end.month), "day": str(end.day)},
        "text": {"headline": str(escape(round_.label))},
    }


def timeline_document(session: Session, negotiation: Negotiation) -> Iterator[tuple[str, Any]]:
    """The document's parts in order: ``("title", ...)``, then ``("event", ...)`` and
    ``("era", ...)`` items; undated records are left out (TimelineJS needs a year)."""
    yield (
        "title",
        {"text": {"headline": str(escape(negotiation.title)), "text": _paragraph(negotiation)}},
    )
    rounds = session.scalars(
        select(Round)
        .where(Round.negotiation_id == negotiation.id)
        .options(
            selectinload(Round.sources),
            selectinload(Round.outcomes).selectinload(ReportedOutcome.sources),
            selectinload(Round.venue),
        )
        .order_by(Round.when_earliest, Round.number, Round.id)
    ).all()
    for round_ in rounds:
        group = round_.label
        body = round_.summary
        if round_.venue is not None:
            body = f"{round_.status.label} in {round_.venue}. {body or ''}".strip()
        if (event := _event(round_, round_.label, body, group)) is not None:
            yield "event", event
        if (era := _round_era(round_)) is not None:
            yield "era", era
        for outcome in round_.outcomes:
            if (
                event := _event(outcome, outcome.summary[:120], outcome.summary, group)
            ) is not None:
                yield "event", event
    statements = session.scalars(
        select(Statement)
        .where(Statement.negotiation_id == negotiation.id)
        .options(
            selectinload(Statement.sources),
            selectinload(Statement.round),
            selectinload(Statement.speaker),
        )
        .order_by(Statement.when_earliest, Statement.id)
    )
    for statement in statements:
        group = statement.round.label if statement.round else UNGROUPED
        event = _event(statement, statement.speaker_label, statement.text_original, group)
        if event is not None:
            yield "event", event
    developments = session.scalars(
        select(Development)
        .where(Development.negotiation_id == negotiation.id)
        .options(selectinload(Development.sources), selectinload(Development.round))
        .order_by(Development.when_earliest, Development.id)
    )
    for development in developments:
        group = development.round.label if development.round else UNGROUPED
        event = _event(development, development.headline, development.description, group)
        if event is not None:
            yield "event", event


def _paragraph(negotiation: Negotiation) -> str:
    return f"<p>{escape(negotiation.summary)}</p>" if negotiation.summary else ""


def stream_timeline(session: Session, negotiation: Negotiation) -> Iterator[str]:
    """The TimelineJS JSON, one event at a time (events first, eras collected to the end)."""
    eras: list[dict[str, Any]] = []
    first = True
    for kind, part in timeline_document(session, negotiation):
        if kind == "title":
            yield '{"title": ' + json.dumps(part, ensure_ascii=False) + ', "events": ['
        elif kind == "era":
            eras.append(part)
        else:
            yield ("" if first else ",\n") + json.dumps(part, ensure_ascii=False)
            first = False
    yield '], "eras": ' + json.dumps(eras, ensure_ascii=False) + "}"


def build_timeline(session: Session, negotiation: Negotiation) -> dict[str, Any]:
    """The whole document as a dict (for tests and the CLI)."""
    return json.loads("".join(stream_timeline(session, negotiation)))
