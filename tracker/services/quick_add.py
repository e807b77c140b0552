"""Logging what just happened in one step: the fact, its source and the source's outlet.

On a breaking day an editor has a minute. :func:`log_with_source` finds or creates the outlet
and the source, then records the development, statement or outcome citing it, all through the
ordinary services, so every rule and every history row is the same as on the long forms. It
flushes; the caller commits (or rolls back, leaving nothing half-written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Organisation, OrganisationKind, Round, Source, User
from tracker.services import catalogue, facts, field_rules
from tracker.services.errors import RuleViolation
from tracker.services.wording import N_

KINDS = ("development", "statement", "outcome")


@dataclass
class SourceNote:
    """Where the editor read it: an outlet's name, a link, a date and, optionally, a headline."""

    outlet: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
    headline: str | None = None


@dataclass
class QuickFact:
    """What happened, in the few words a quick entry takes."""

    kind: str
    text: str
    negotiation_id: int | None = None
    round_id: int | None = None
    speaker_id: int | None = None
    speaker_description: str | None = None
    stance: str | None = None
    when_edtf: str | None = None
    when_text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


#: where a rule of the source's service points, as a quick-add field
SOURCE_FIELDS = {
    "url": "source_url",
    "headline": "source_headline",
    "published_on": "published_on",
    "name": "source_outlet",
}


def log_with_source(session: Session, actor: User | None, fact: QuickFact, note: SourceNote):
    """Record ``fact`` citing the source ``note`` describes; returns the new record.

    :raise RuleViolation: with ``field`` naming the quick-add field at fault.
    """
    if fact.kind not in KINDS:
        raise RuleViolation(N_("Choose a development, a statement or an outcome."), "kind")
    source = find_or_create_source(session, actor, note, fallback_headline=fact.text)
    when = {"when_edtf": fact.when_edtf, "when_text": fact.when_text}
    negotiation_id = fact.negotiation_id
    if fact.round_id is not None and negotiation_id is None:
        round_ = session.get(Round, fact.round_id)
        negotiation_id = round_.negotiation_id if round_ is not None else None
    cited = {"source_ids": [source.id], **when}
    if fact.kind == "development":
        if negotiation_id is None:
            raise RuleViolation(N_("Choose the negotiation this is about."), "negotiation_id")
        return facts.developments.create(
            session,
            actor,
            {
                "negotiation_id": negotiation_id,
                "round_id": fact.round_id,
                "headline": one_line(fact.text),
            }
            | cited,
        )
    if fact.kind == "statement":
        anonymous = fact.speaker_id is None and bool(fact.speaker_description)
        return facts.statements.create(
            session,
            actor,
            {
                "speaker_id": fact.speaker_id,
                "speaker_description": fact.speaker_description,
                "attribution": "anonymous" if anonymous else "on_record",
                "text_original": fact.text,
                "stance": fact.stance,
                "negotiation_id": negotiation_id,
                "round_id": fact.round_id,
            }
            | cited,
        )
    if fact.round_id is None:
        raise RuleViolation(N_("An outcome belongs to a round: choose it."), "round_id")
    return facts.outcomes.create(
        session, actor, {"round_id": fact.round_id, "summary": fact.text} | cited
    )


def find_or_create_source(
    session: Session, actor: User | None, note: SourceNote, fallback_headline: str
) -> Source:
    """The source already recorded under this URL, or a new one (with its outlet)."""
    if not (note.outlet or note.url):
        raise RuleViolation(
            N_("Say where this was reported: the outlet, the link, or both."), "source_outlet"
        )
    try:
        # Checked before the look-ups below: PostgreSQL fails a query holding a NUL byte.
        field_rules.check_values(Organisation, {"name": note.outlet})
        field_rules.check_values(Source, {"url": note.url, "headline": note.headline})
    except RuleViolation as violation:
        violation.field = SOURCE_FIELDS.get(violation.field or "", "source_outlet")
        raise
    if note.url:
        known = session.scalar(select(Source).where(Source.url == note.url))
        if known is not None:
            return known
    outlet = find_or_create_outlet(session, actor, note.outlet) if note.outlet else None
    try:
        return catalogue.sources.create(
            session,
            actor,
            {
                "headline": note.headline or one_line(fallback_headline)[:500],
                "outlet_id": outlet.id if outlet else None,
                "url": note.url,
                "published_on": note.published_on,
            },
        )
    except RuleViolation as violation:
        violation.field = SOURCE_FIELDS.get(violation.field or "", "source_url")
        raise


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces made single spaces: a headline is one
    line, though the quick-add box takes paragraphs for statements."""
    return " ".join(text.split())


def find_or_create_outlet(session: Session, actor: User | None, name: str) -> Organisation:
    """The organisation of that name (any case, or by its abbreviation), else a new outlet."""
    wanted = name.strip().casefold()
    known = session.scalar(
        select(Organisation).where(
            (func.lower(Organisation.name) == wanted)
            | (func.lower(Organisation.abbreviation) == wanted)
        )
    )
    if known is not None:
        return known
    return catalogue.organisations.create(
        session, actor, {"name": name.strip(), "kind": OrganisationKind.MEDIA_OUTLET}
    )
