"""Pages for reported outcomes, statements and developments."""

from __future__ import annotations

from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.forms.facts import DevelopmentForm, ReportedOutcomeForm, StatementForm
from tracker.models import Development, Person, ReportedOutcome, Round, Statement
from tracker.services import facts as service
from tracker.views import choices
from tracker.views.crud import Column, Detail, RecordPages, crud_blueprint


def _ids_from(args: dict[str, str], *names: str) -> dict:
    return {name: int(args[name]) for name in names if args.get(name, "").isdigit()}


def _fill_outcome(session: Session, form: ReportedOutcomeForm) -> None:
    form.round_id.choices = choices.rounds(session)
    form.reported_by_id.choices = choices.optional(choices.organisations(session))
    form.reported_by_person_id.choices = choices.optional(choices.people(session))
    form.topic_ids.choices = choices.topics(session)
    form.source_ids.choices = choices.sources(session)


def _fill_statement(session: Session, form: StatementForm) -> None:
    form.speaker_id.choices = choices.optional(choices.people(session))
    form.speaker_organisation_id.choices = choices.optional(choices.organisations(session))
    form.negotiation_id.choices = choices.optional(choices.negotiations(session))
    form.round_id.choices = choices.optional(choices.rounds(session))
    form.topic_ids.choices = choices.topics(session)
    form.source_ids.choices = choices.sources(session)


def _fill_development(session: Session, form: DevelopmentForm) -> None:
    form.negotiation_id.choices = choices.negotiations(session)
    form.round_id.choices = choices.optional(choices.rounds(session))
    form.person_ids.choices = choices.people(session)
    form.organisation_ids.choices = choices.organisations(session)
    form.topic_ids.choices = choices.topics(session)
    form.source_ids.choices = choices.sources(session)


FACT_DETAILS = [
    Detail("Date", lambda f: f.when_display),
    Detail("Verification", lambda f: f.verification.label),
    Detail("Correction note", lambda f: f.correction_note),
    Detail("Topics", lambda f: f.topics),
    Detail("Sources", lambda f: f.sources),
]

outcome_pages = RecordPages(
    name="outcomes",
    singular="reported outcome",
    title="Reported outcomes",
    service=service.outcomes,
    form_class=ReportedOutcomeForm,
    columns=[
        Column("Outcome", lambda o: o.summary[:120], link=True),
        Column("Round", lambda o: str(o.round)),
        Column("Reported by", lambda o: o.reported_by.name if o.reported_by else ""),
        Column("Status", lambda o: o.verification.label, sort="verification"),
        Column("Date", lambda o: o.when_display, sort="date"),
    ],
    sorts={"date": ReportedOutcome.when_earliest, "verification": ReportedOutcome.verification},
    default_sort="date",
    search=[ReportedOutcome.summary],
    list_options=[
        joinedload(ReportedOutcome.round).joinedload(Round.negotiation),
        joinedload(ReportedOutcome.reported_by),
    ],
    detail_options=[selectinload(ReportedOutcome.sources), selectinload(ReportedOutcome.topics)],
    details=[
        Detail("What was reported", lambda o: o.summary),
        Detail("Round", lambda o: o.round),
        Detail("Reported by", lambda o: o.reported_by or o.reported_by_person),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_outcome,
    prefill=lambda session, args: _ids_from(args, "round_id"),
)

statement_pages = RecordPages(
    name="statements",
    singular="statement",
    title="Statements",
    service=service.statements,
    form_class=StatementForm,
    columns=[
        Column("Speaker", lambda s: s.speaker_label, link=True),
        Column("Words", lambda s: s.text_original[:140]),
        Column("Status", lambda s: s.verification.label, sort="verification"),
        Column("Date", lambda s: s.when_display, sort="date"),
    ],
    sorts={"date": Statement.when_earliest, "verification": Statement.verification},
    default_sort="date",
    search=[Statement.text_original, Statement.text_translation, Statement.speaker_description],
    list_options=[joinedload(Statement.speaker).selectinload(Person.titles)],
    detail_options=[
        joinedload(Statement.speaker),
        selectinload(Statement.sources),
        selectinload(Statement.topics),
    ],
    details=[
        Detail("Speaker", lambda s: s.speaker_label),
        Detail("Words as published", lambda s: s.text_original),
        Detail("Language", lambda s: s.language),
        Detail("Translation", lambda s: s.text_translation),
        Detail("Speech", lambda s: s.speech.label),
        Detail("Attribution", lambda s: s.attribution.label),
        Detail("Stance", lambda s: s.stance.label if s.stance else None),
        Detail("Round", lambda s: s.round),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_statement,
    prefill=lambda session, args: _ids_from(args, "round_id", "speaker_id", "negotiation_id"),
)

development_pages = RecordPages(
    name="developments",
    singular="development",
    title="Developments",
    service=service.developments,
    form_class=DevelopmentForm,
    columns=[
        Column("Headline", lambda d: d.headline, link=True),
        Column("Negotiation", lambda d: d.negotiation.title),
        Column("Status", lambda d: d.verification.label, sort="verification"),
        Column("Date", lambda d: d.when_display, sort="date"),
    ],
    sorts={"date": Development.when_earliest, "verification": Development.verification},
    default_sort="date",
    search=[Development.headline, Development.description],
    list_options=[joinedload(Development.negotiation)],
    detail_options=[
        selectinload(Development.sources),
        selectinload(Development.topics),
        selectinload(Development.people),
        selectinload(Development.organisations),
    ],
    details=[
        Detail("Headline", lambda d: d.headline),
        Detail("Description", lambda d: d.description),
        Detail("Negotiation", lambda d: d.negotiation),
        Detail("Round", lambda d: d.round),
        Detail("People", lambda d: d.people),
        Detail("Organisations", lambda d: d.organisations),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_development,
    prefill=lambda session, args: _ids_from(args, "negotiation_id", "round_id"),
)

BLUEPRINTS = [
    crud_blueprint(pages) for pages in (outcome_pages, statement_pages, development_pages)
]
