"""Pages for reported outcomes, statements and developments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.forms.facts import DevelopmentForm, ReportedOutcomeForm, StatementForm
from tracker.i18n import translate, when
from tracker.models import Development, Person, ReportedOutcome, Round, Statement
from tracker.services import facts as service
from tracker.views import choices
from tracker.views.crud import Column, Detail, RecordPages


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
    Detail(_l("Date"), lambda f: when(f), ("when_edtf",)),
    Detail(_l("Verification"), lambda f: translate(f.verification.label), ("verification",)),
    Detail(_l("Correction note"), lambda f: f.correction_note, ("correction_note",)),
    Detail(_l("Topics"), lambda f: f.topics, ("topics",)),
    Detail(_l("Sources"), lambda f: f.sources, ("sources",)),
]

outcome_pages = RecordPages(
    name="outcomes",
    singular=_l("reported outcome"),
    title=_l("Reported outcomes"),
    service=service.outcomes,
    form_class=ReportedOutcomeForm,
    columns=[
        Column(_l("Outcome"), lambda o: o.summary[:120], link=True),
        Column(_l("Round"), lambda o: str(o.round)),
        Column(_l("Reported by"), lambda o: o.reported_by.name if o.reported_by else ""),
        Column(_l("Status"), lambda o: translate(o.verification.label), sort="verification"),
        Column(_l("Date"), lambda o: when(o), sort="date"),
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
        Detail(_l("What was reported"), lambda o: o.summary, ("summary",)),
        Detail(_l("Round"), lambda o: o.round, ("round",)),
        Detail(
            _l("Reported by"),
            lambda o: o.reported_by or o.reported_by_person,
            ("reported_by", "reported_by_person"),
        ),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_outcome,
    prefill=lambda session, args: _ids_from(args, "round_id"),
)

statement_pages = RecordPages(
    name="statements",
    singular=_l("statement"),
    title=_l("Statements"),
    service=service.statements,
    form_class=StatementForm,
    columns=[
        Column(_l("Speaker"), lambda s: s.speaker_label, link=True),
        Column(_l("Words"), lambda s: s.text_original[:140]),
        Column(_l("Status"), lambda s: translate(s.verification.label), sort="verification"),
        Column(_l("Date"), lambda s: when(s), sort="date"),
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
        Detail(
            _l("Speaker"),
            lambda s: s.speaker_label,
            ("speaker_id", "speaker_description", "speaker_role"),
        ),
        Detail(_l("Words as published"), lambda s: s.text_original, ("text_original",)),
        Detail(_l("Language"), lambda s: s.language, ("language",)),
        Detail(_l("Translation"), lambda s: s.text_translation, ("text_translation",)),
        Detail(_l("Speech"), lambda s: translate(s.speech.label), ("speech",)),
        Detail(_l("Attribution"), lambda s: translate(s.attribution.label), ("attribution",)),
        Detail(
            _l("Stance"), lambda s: translate(s.stance.label) if s.stance else None, ("stance",)
        ),
        Detail(_l("Round"), lambda s: s.round, ("round",)),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_statement,
    prefill=lambda session, args: _ids_from(args, "round_id", "speaker_id", "negotiation_id"),
)

development_pages = RecordPages(
    name="developments",
    singular=_l("development"),
    title=_l("Developments"),
    service=service.developments,
    form_class=DevelopmentForm,
    columns=[
        Column(_l("Headline"), lambda d: d.headline, link=True),
        Column(_l("Negotiation"), lambda d: d.negotiation.title),
        Column(_l("Status"), lambda d: translate(d.verification.label), sort="verification"),
        Column(_l("Date"), lambda d: when(d), sort="date"),
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
        Detail(_l("Headline"), lambda d: d.headline, ("headline",)),
        Detail(_l("Description"), lambda d: d.description, ("description",)),
        Detail(_l("Negotiation"), lambda d: d.negotiation, ("negotiation",)),
        Detail(_l("Round"), lambda d: d.round, ("round",)),
        Detail(_l("People"), lambda d: d.people, ("people",)),
        Detail(_l("Organisations"), lambda d: d.organisations, ("organisations",)),
        *FACT_DETAILS,
    ],
    fill_choices=_fill_development,
    prefill=lambda session, args: _ids_from(args, "negotiation_id", "round_id"),
)

#: this area's kinds of record, each with list, detail and edit pages
PAGES = (outcome_pages, statement_pages, development_pages)
