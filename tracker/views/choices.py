"""The options of the forms' select lists, read in one query each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from wtforms.fields.choices import SelectChoice

from tracker.forms.fields import zones_first
from tracker.models import (
    Negotiation,
    Organisation,
    OrganisationKind,
    Person,
    Round,
    Source,
    Topic,
    Venue,
)
from tracker.views.helpers import round_name

BLANK = SelectChoice("", "—")


def _with_original(name: str, original: str | None) -> str:
    return f"{name} · {original}" if original else name


def negotiations(session: Session) -> list[SelectChoice]:
    rows = session.execute(select(Negotiation.id, Negotiation.title).order_by(Negotiation.title))
    return [SelectChoice(row.id, row.title) for row in rows]


def rounds(session: Session) -> list[SelectChoice]:
    """Every round, each carrying its negotiation in ``data-negotiation`` so that choosing a
    negotiation can narrow the list, named in the reader's language and naming the negotiation
    once more than one exists."""
    rows = session.scalars(
        select(Round)
        .join(Round.negotiation)
        .options(joinedload(Round.negotiation))
        .order_by(Negotiation.title, Round.when_earliest.nulls_last(), Round.number, Round.id)
    )
    return [
        SelectChoice(
            row.id,
            round_name(row),
            render_kw={"data-negotiation": str(row.negotiation_id)},
        )
        for row in rows
    ]


def people(session: Session) -> list[SelectChoice]:
    rows = session.execute(
        select(Person.id, Person.name, Person.name_original).order_by(Person.name)
    )
    return [SelectChoice(row.id, _with_original(row.name, row.name_original)) for row in rows]


def organisations(session: Session, kinds: tuple[OrganisationKind, ...] = ()) -> list[SelectChoice]:
    statement = select(Organisation.id, Organisation.name, Organisation.name_original)
    if kinds:
        statement = statement.where(Organisation.kind.in_(kinds))
    rows = session.execute(statement.order_by(Organisation.name))
    return [SelectChoice(row.id, _with_original(row.name, row.name_original)) for row in rows]


def venues(session: Session) -> list[SelectChoice]:
    return [
        SelectChoice(row.id, str(row))
        for row in session.scalars(select(Venue).order_by(Venue.name))
    ]


def topics(session: Session) -> list[SelectChoice]:
    rows = session.execute(select(Topic.id, Topic.name).order_by(Topic.name))
    return [SelectChoice(row.id, row.name) for row in rows]


def sources(session: Session) -> list[SelectChoice]:
    rows = session.scalars(
        select(Source)
        .options(joinedload(Source.outlet))
        .order_by(Source.published_on.desc().nulls_last(), Source.headline)
    )
    return [SelectChoice(row.id, str(row)) for row in rows]


def time_zones(session: Session, venue_id: int | None) -> list[str]:
    """Every IANA zone, the chosen venue's first, then the zones of the other venues on record:
    a round's local time is almost always the venue's."""
    chosen = (
        session.scalar(select(Venue.timezone).where(Venue.id == venue_id)) if venue_id else None
    )
    used = session.scalars(select(Venue.timezone).distinct())
    return zones_first([chosen, *sorted(zone for zone in used if zone is not None)])


def optional(options: list[SelectChoice]) -> list[SelectChoice]:
    return [BLANK, *options]
