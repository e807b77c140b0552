"""Finding the records a row names (a negotiation's title, a venue's name, a source's URL),
and creating them through their services when the import was asked to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import (
    Negotiation,
    Organisation,
    Person,
    Round,
    Source,
    Topic,
    User,
    Venue,
)
from tracker.services import catalogue, negotiations
from tracker.services.errors import RuleViolation
from tracker.services.imports.cells import (
    integer_cell,
    required_cell,
)
from tracker.services.imports.report import RelatedRecord, RowError
from tracker.services.records import RecordService
from tracker.services.wording import N_, Term


class Related:
    """Finds related records by name, creating them through their services when asked."""

    def __init__(self, session: Session, actor: User | None, create_missing: bool) -> None:
        self.session = session
        self.actor = actor
        self.create_missing = create_missing
        self.created: list[RelatedRecord] = []

    def _find_or_create(
        self, column: str, kind: str, service: RecordService[Any], name_field: str, name: str
    ) -> Any:
        """The record of ``service``'s kind whose ``name_field`` is ``name`` (any case), else
        one created through the service when the import may create missing records."""
        model = service.model
        found = self.session.scalars(
            select(model)
            .where(func.lower(getattr(model, name_field)) == name.lower())
            .order_by(model.id)
        ).first()
        if found is not None:
            return found
        if not self.create_missing:
            raise RowError(
                column,
                N_("No %(kind)s named “%(name)s”. Add it first, or tick “create missing”."),
                kind=Term(kind),
                name=name,
            )
        try:
            record = service.create(self.session, self.actor, {name_field: name})
        except RuleViolation as error:
            raise RowError(
                column,
                N_("Could not create %(kind)s “%(name)s”: %(reason)s"),
                kind=Term(kind),
                name=name,
                reason=error,
            ) from None
        self.created.append(RelatedRecord(Term(kind), name))
        return record

    def organisation(self, column: str, name: str) -> Organisation:
        return self._find_or_create(column, "organisation", catalogue.organisations, "name", name)

    def person(self, column: str, name: str) -> Person:
        return self._find_or_create(column, "person", catalogue.people, "name", name)

    def venue(self, column: str, name: str) -> Venue:
        return self._find_or_create(column, "venue", catalogue.venues, "name", name)

    def topic(self, column: str, name: str) -> Topic:
        return self._find_or_create(column, "topic", catalogue.topics, "name", name)

    def negotiation(self, column: str, title: str) -> Negotiation:
        return self._find_or_create(
            column, "negotiation", negotiations.negotiations, "title", title
        )

    def source(self, column: str, reference: str) -> Source:
        """A source by URL, or by headline when the reference is not a web address."""
        is_url = reference.lower().startswith(("http://", "https://"))
        found = self.session.scalars(
            select(Source)
            .where(Source.url == reference if is_url else Source.headline == reference)
            .order_by(Source.id)
        ).first()
        if found is not None:
            return found
        if not self.create_missing:
            raise RowError(
                column,
                N_("No source “%(source)s”. Import the sources first, or tick “create missing”."),
                source=reference,
            )
        values = {"url": reference, "headline": reference} if is_url else {"headline": reference}
        try:
            source = catalogue.sources.create(self.session, self.actor, values)
        except RuleViolation as error:
            raise RowError(
                column,
                N_("Could not create source “%(source)s”: %(reason)s"),
                source=reference,
                reason=error,
            ) from None
        self.created.append(RelatedRecord(Term("source"), reference))
        return source

    def round(self, row: Mapping[str, str]) -> Round | None:
        """The round named by ``negotiation`` and ``round_number`` (or ``round_title``)."""
        number, title = row.get("round_number", ""), row.get("round_title", "")
        if not number and not title:
            return None
        negotiation = self.negotiation("negotiation", required_cell(row, "negotiation"))
        statement = select(Round).where(Round.negotiation_id == negotiation.id)
        if number:
            statement = statement.where(Round.number == integer_cell(row, "round_number"))
        else:
            statement = statement.where(Round.title == title)
        found = self.session.scalars(statement.order_by(Round.id)).first()
        if found is None and number:
            raise RowError(
                "round_number",
                N_("%(negotiation)s has no round %(number)s. Import the rounds first."),
                negotiation=negotiation.title,
                number=number,
            )
        if found is None:
            raise RowError(
                "round_title",
                N_("%(negotiation)s has no round “%(title)s”. Import the rounds first."),
                negotiation=negotiation.title,
                title=title,
            )
        return found
