"""Pages for negotiations, their rounds and who took part."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.forms.negotiations import NegotiationForm, ParticipationForm, RoundForm
from tracker.i18n import translate, when
from tracker.models import (
    Negotiation,
    OrganisationKind,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    RoundScheduleChange,
    Statement,
)
from tracker.services import negotiations as service
from tracker.views import choices
from tracker.views.crud import Column, Detail, RecordPages
from tracker.views.helpers import round_name


def _fill_negotiation(session: Session, form: NegotiationForm) -> None:
    form.party_ids.choices = choices.organisations(session)


def _fill_round(session: Session, form: RoundForm) -> None:
    form.negotiation_id.choices = choices.negotiations(session)
    form.venue_id.choices = choices.optional(choices.venues(session))
    form.mediator_id.choices = choices.optional(choices.organisations(session))
    form.topic_ids.choices = choices.topics(session)
    form.source_ids.choices = choices.sources(session)
    form.announced_by_id.choices = choices.optional(form.source_ids.choices)
    form.when_timezone.suggestions = choices.time_zones(session, form.venue_id.data)


def _prefill_round(session: Session, args: dict[str, str]) -> dict:
    negotiation_id = args.get("negotiation_id", "")
    negotiation = (
        session.get(Negotiation, int(negotiation_id)) if negotiation_id.isdigit() else None
    )
    if negotiation is None:
        return {}
    return service.next_round_defaults(session, negotiation)


def _fill_participation(session: Session, form: ParticipationForm) -> None:
    form.round_id.choices = choices.rounds(session)
    form.person_id.choices = choices.people(session)
    form.side_id.choices = choices.optional(
        choices.organisations(
            session,
            (
                OrganisationKind.STATE,
                OrganisationKind.MEDIATOR,
                OrganisationKind.INTERNATIONAL_BODY,
            ),
        )
    )
    form.source_ids.choices = choices.sources(session)


def _prefill_participation(session: Session, args: dict[str, str]) -> dict:
    return {"round_id": int(args["round_id"])} if args.get("round_id", "").isdigit() else {}


negotiation_pages = RecordPages(
    name="negotiations",
    singular=_l("negotiation"),
    title=_l("Negotiations"),
    service=service.negotiations,
    form_class=NegotiationForm,
    columns=[
        Column(_l("Title"), lambda n: n.title, sort="title", link=True),
        Column(_l("Parties"), lambda n: ", ".join(p.name for p in n.parties)),
        Column(_l("Rounds"), lambda n: len(n.rounds)),
    ],
    sorts={"title": Negotiation.title, "created": Negotiation.created_at},
    default_sort="title",
    search=[Negotiation.title, Negotiation.summary],
    list_options=[selectinload(Negotiation.parties), selectinload(Negotiation.rounds)],
    detail_options=[
        selectinload(Negotiation.parties),
        selectinload(Negotiation.rounds).joinedload(Round.venue),
        selectinload(Negotiation.developments),
    ],
    fill_choices=_fill_negotiation,
    detail_template="negotiations/detail.html",
    template_shows=("title", "summary", "parties"),
    empty_hint=_l("Start by adding the negotiation your desk follows."),
)

round_pages = RecordPages(
    name="rounds",
    singular=_l("round"),
    title=_l("Rounds"),
    service=service.rounds,
    form_class=RoundForm,
    columns=[
        Column(_l("Round"), round_name, sort="number", link=True),
        Column(_l("Negotiation"), lambda r: r.negotiation.title),
        Column(_l("Date"), lambda r: when(r), sort="date"),
        Column(_l("Status"), lambda r: translate(r.status.label), sort="status"),
        Column(_l("Venue"), lambda r: str(r.venue) if r.venue else ""),
    ],
    sorts={"date": Round.when_earliest, "number": Round.number, "status": Round.status},
    default_sort="date",
    search=[Round.title, Round.summary, Round.when_text],
    list_options=[joinedload(Round.negotiation), joinedload(Round.venue)],
    detail_options=[
        joinedload(Round.negotiation),
        joinedload(Round.venue),
        joinedload(Round.mediator),
        selectinload(Round.participations)
        .joinedload(Participation.person)
        .selectinload(Person.titles),
        selectinload(Round.participations).joinedload(Participation.side),
        selectinload(Round.outcomes).selectinload(ReportedOutcome.sources),
        selectinload(Round.outcomes).joinedload(ReportedOutcome.reported_by),
        selectinload(Round.statements).joinedload(Statement.speaker),
        selectinload(Round.statements).selectinload(Statement.sources),
        selectinload(Round.schedule_changes).options(
            joinedload(RoundScheduleChange.previous_venue),
            joinedload(RoundScheduleChange.new_venue),
            joinedload(RoundScheduleChange.announced_by),
        ),
        selectinload(Round.sources),
        selectinload(Round.agenda),
    ],
    fill_choices=_fill_round,
    prefill=_prefill_round,
    detail_template="rounds/detail.html",
    template_shows=(
        "negotiation_id",
        "number",
        "title",
        "status",
        "format",
        "when_edtf",
        "venue_id",
        "mediator_id",
        "summary",
        "agenda",
        "sources",
    ),
    detail_context=lambda session, round_: {
        "statements_around": service.statements_around(session, round_)
    },
    empty_hint=_l("Add a round from its negotiation's page: the next number is filled in for you."),
)

participation_pages = RecordPages(
    name="participations",
    singular=_l("participation"),
    title=_l("Participations"),
    service=service.participations,
    form_class=ParticipationForm,
    columns=[
        Column(_l("Person"), lambda p: p.person.name, link=True),
        Column(_l("Round"), lambda p: str(p.round)),
        Column(_l("Role"), lambda p: translate(p.role.label), sort="role"),
        Column(_l("Side"), lambda p: p.side.name if p.side else ""),
    ],
    sorts={"role": Participation.role, "created": Participation.created_at},
    default_sort="created",
    list_options=[
        joinedload(Participation.person),
        joinedload(Participation.round).joinedload(Round.negotiation),
        joinedload(Participation.side),
    ],
    details=[
        Detail(_l("Person"), lambda p: p.person, ("person",)),
        Detail(_l("Round"), lambda p: p.round, ("round",)),
        Detail(_l("Role"), lambda p: translate(p.role.label), ("role",)),
        Detail(_l("Side"), lambda p: p.side, ("side",)),
        Detail(_l("Note"), lambda p: p.note, ("note",)),
        Detail(_l("Sources"), lambda p: p.sources, ("sources",)),
    ],
    fill_choices=_fill_participation,
    prefill=_prefill_participation,
    next_url=lambda p: url_for("rounds.show", record_id=p.round_id),
)

#: this area's kinds of record, each with list, detail and edit pages
PAGES = (negotiation_pages, round_pages, participation_pages)
