"""Article assist against the database: what the reading engine should know, and writing what
an editor kept from its proposals.

The engine (:mod:`tracker.assist`) knows no database; :func:`known_people`, :func:`known_rounds`
and :func:`known_outlets` hand it the recorded names and their other spellings. After review,
:func:`record_article` writes the source, the new people, the statements and the round status
changes through the ordinary services, so every rule and every history row is the one the long
forms get. It flushes; the caller commits, or rolls back to leave nothing written when a
proposal is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.assist import KnownOutlet, KnownPerson, KnownRound
from tracker.models import (
    Attribution,
    Organisation,
    OrganisationKind,
    Person,
    Round,
    Source,
    Statement,
    User,
)
from tracker.services import catalogue, facts, negotiations
from tracker.services.errors import RecordNotFound, RuleViolation
from tracker.services.quick_add import find_or_create_outlet, one_line
from tracker.services.wording import N_

T = TypeVar("T")

#: the proposal a refusal of the article's source is shown beside
SOURCE_PROPOSAL = "source"


class ProposalRefused(RuleViolation):
    """A service refused one reviewed proposal: ``proposal`` names it (``source``,
    ``quotes-2``, ``rounds-0``) and ``field`` the field at fault, so the review page can show
    the refusal beside it."""

    def __init__(self, proposal: str, violation: RuleViolation) -> None:
        super().__init__(violation.template, violation.field, **violation.params)
        self.proposal = proposal


def _spellings(*names: str | None) -> tuple[str, ...]:
    return tuple(name for name in names if name)


def known_people(session: Session) -> list[KnownPerson]:
    """Every recorded person, matched by the name, the name in its own script and the other
    spellings editors added."""
    people = session.scalars(select(Person).order_by(Person.id))
    return [
        KnownPerson(person.id, person.name, _spellings(person.name_original, *person.alias_list))
        for person in people
    ]


def known_rounds(session: Session, negotiation_id: int | None = None) -> list[KnownRound]:
    """The rounds an ordinal in the article may mean: those of ``negotiation_id`` when given
    (round numbers repeat across negotiations), else every round."""
    statement = select(Round).order_by(Round.negotiation_id, Round.number, Round.id)
    if negotiation_id is not None:
        statement = statement.where(Round.negotiation_id == negotiation_id)
    return [
        KnownRound(round_.id, round_.number, round_.title or "")
        for round_ in session.scalars(statement)
    ]


def known_outlets(session: Session) -> list[KnownOutlet]:
    """Recorded news outlets, matched by name, name in its own script and abbreviation."""
    outlets = session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.MEDIA_OUTLET)
        .order_by(Organisation.id)
    )
    return [
        KnownOutlet(outlet.id, outlet.name, _spellings(outlet.name_original, outlet.abbreviation))
        for outlet in outlets
    ]


@dataclass
class ReviewedSource:
    """The article as the editor confirmed it."""

    headline: str = ""
    url: str | None = None
    published_on: dt.date | None = None
    outlet: str | None = None
    language: str | None = None


@dataclass
class ReviewedQuote:
    """One accepted quote. The speaker is a recorded person (``speaker_id``), a new person
    (``new_speaker``, the name as published) or, when ``anonymous``, the ``description``."""

    proposal: str
    text: str
    speaker_id: int | None = None
    new_speaker: str = ""
    role: str = ""
    when_edtf: str | None = None
    when_text: str = ""  # the wording that dated it: "on Thursday"
    stance: str | None = None
    anonymous: bool = False
    description: str = ""
    speech: str = "direct"


@dataclass
class ReviewedRoundChange:
    """One accepted status change: the round, its new status and, optionally, its date."""

    proposal: str
    round_id: int | None
    status: str
    when_edtf: str | None = None


@dataclass
class ReviewedArticle:
    source: ReviewedSource
    negotiation_id: int | None = None
    quotes: Sequence[ReviewedQuote] = ()
    round_changes: Sequence[ReviewedRoundChange] = ()


@dataclass
class RecordedArticle:
    """What :func:`record_article` wrote, for the flash that lists it."""

    source: Source
    source_is_new: bool
    people: list[Person] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)


def _for(proposal: str, step: Callable[[], T]) -> T:
    """Run ``step``, naming ``proposal`` in any refusal."""
    try:
        return step()
    except ProposalRefused:
        raise
    except RuleViolation as violation:
        raise ProposalRefused(proposal, violation) from violation


def record_article(
    session: Session, actor: User | None, article: ReviewedArticle
) -> RecordedArticle:
    """Write the reviewed article: its source (the one already recorded under the same link, or
    a new one with its outlet), each new speaker once, the statements citing the source and the
    round status changes it announced.

    :raise ProposalRefused: naming the proposal and field a service refused; the session then
        holds a partial write the caller must roll back.
    """
    source, source_is_new = _for(SOURCE_PROPOSAL, lambda: _source(session, actor, article.source))
    recorded = RecordedArticle(source=source, source_is_new=source_is_new)
    new_people: dict[str, Person] = {}
    for quote in article.quotes:
        statement = _for(
            quote.proposal,
            partial(_statement, session, actor, article, source, quote, new_people),
        )
        recorded.statements.append(statement)
    recorded.people = list(new_people.values())
    for change in article.round_changes:
        round_ = _for(
            change.proposal,
            partial(_round_change, session, actor, article, source, change),
        )
        recorded.rounds.append(round_)
    return recorded


def _source(session: Session, actor: User | None, reviewed: ReviewedSource) -> tuple[Source, bool]:
    url = (reviewed.url or "").strip() or None
    if url:
        known = session.scalar(select(Source).where(Source.url == url))
        if known is not None:
            return known, False
    outlet = (
        find_or_create_outlet(session, actor, reviewed.outlet)
        if reviewed.outlet and reviewed.outlet.strip()
        else None
    )
    values: dict[str, Any] = {
        "headline": one_line(reviewed.headline or ""),
        "url": url,
        "published_on": reviewed.published_on,
        "language": reviewed.language or None,
        "outlet_id": outlet.id if outlet else None,
    }
    return catalogue.sources.create(session, actor, values), True


def _speaker_id(
    session: Session,
    actor: User | None,
    quote: ReviewedQuote,
    language: str | None,
    new_people: dict[str, Person],
) -> int | None:
    if quote.anonymous:
        return None
    if quote.speaker_id is not None:
        try:
            return catalogue.people.get(session, quote.speaker_id).id
        except RecordNotFound:
            raise RuleViolation(
                N_("Choose an existing record from the list."), "speaker_id"
            ) from None
    name = one_line(quote.new_speaker)
    if not name:
        return None  # the statement's own rule says a speaker is needed
    key = name.casefold()
    if key not in new_people:
        latin = all(not character.isalpha() or character.isascii() for character in name)
        values: dict[str, Any] = {"name": name}
        if not latin:
            values |= {"name_original": name, "name_original_language": language}
        try:
            new_people[key] = catalogue.people.create(session, actor, values)
        except RuleViolation as violation:
            violation.field = "speaker_id"
            raise
    return new_people[key].id


def _statement(
    session: Session,
    actor: User | None,
    article: ReviewedArticle,
    source: Source,
    quote: ReviewedQuote,
    new_people: dict[str, Person],
) -> Statement:
    language = article.source.language or None
    speaker_id = _speaker_id(session, actor, quote, language, new_people)
    return facts.statements.create(
        session,
        actor,
        {
            "text_original": quote.text,
            "speaker_id": speaker_id,
            "speaker_role": None if quote.anonymous else (quote.role or None),
            "speaker_description": quote.description if quote.anonymous else None,
            "attribution": Attribution.ANONYMOUS if quote.anonymous else Attribution.ON_RECORD,
            "speech": quote.speech,
            "stance": quote.stance or None,
            "language": language,
            "when_edtf": quote.when_edtf or None,
            "when_text": one_line(quote.when_text) or None,
            "negotiation_id": article.negotiation_id,
            "source_ids": [source.id],
        },
    )


def _round_change(
    session: Session,
    actor: User | None,
    article: ReviewedArticle,
    source: Source,
    change: ReviewedRoundChange,
) -> Round:
    if change.round_id is None:
        raise RuleViolation(N_("Choose the round this is about."), "round_id")
    round_ = negotiations.rounds.get(session, change.round_id)
    values: dict[str, Any] = {
        "status": change.status,
        "announced_on": article.source.published_on,
        "announced_by_id": source.id,
    }
    if change.when_edtf:
        values["when_edtf"] = change.when_edtf
    return negotiations.rounds.update(session, actor, round_, values)
