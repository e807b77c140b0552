"""Forms for reported outcomes, statements and developments: each needs a source."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from tracker.forms.base import RecordForm
from tracker.forms.catalogue import LANGUAGE_HELP
from tracker.forms.declared import declared_field
from tracker.forms.fields import (
    BlankableSelectField,
    IdMultipleField,
    OptionalSelectField,
    RequiredSelectField,
    options,
    vague_date_fields,
    verification_fields,
)
from tracker.kinds import declarations as kinds
from tracker.models import Attribution, SpeechKind, Stance, Verification

SOURCES_HELP = _l("At least one: nothing is published without a source.")


VERIFICATION_CHOICES = options(Verification.choices())


class ReportedOutcomeForm(RecordForm):
    round_id = RequiredSelectField(_l("Round"), prompt=_l("Choose a round"))
    summary = declared_field(kinds.OUTCOMES, "summary")
    reported_by_id = OptionalSelectField(_l("Reported by (organisation)"))
    reported_by_person_id = OptionalSelectField(_l("Reported by (person)"))
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    topic_ids = IdMultipleField(_l("Topics"))
    source_ids = IdMultipleField(_l("Sources"), description=SOURCES_HELP)


class StatementForm(RecordForm):
    speaker_id = OptionalSelectField(_l("Speaker"))
    attribution = SelectField(
        _l("Attribution"), choices=options(Attribution.choices()), default="on_record"
    )
    speaker_description = declared_field(
        kinds.STATEMENTS,
        "speaker_description",
        description=_l("For anonymous sources: “a senior Iranian official”."),
    )
    speaker_role = declared_field(
        kinds.STATEMENTS,
        "speaker_role",
        description=_l("Left blank, the speaker's title on that date is shown."),
    )
    speaker_organisation_id = OptionalSelectField(_l("Speaker's organisation"))
    text_original = declared_field(kinds.STATEMENTS, "text_original")
    language = declared_field(kinds.STATEMENTS, "language", description=LANGUAGE_HELP)
    text_translation = declared_field(kinds.STATEMENTS, "text_translation")
    speech = SelectField(_l("Speech"), choices=options(SpeechKind.choices()), default="direct")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    negotiation_id = OptionalSelectField(_l("Negotiation"))
    round_id = OptionalSelectField(_l("Round"))
    stance = BlankableSelectField(_l("Stance"), choices=options([("", "—"), *Stance.choices()]))
    topic_ids = IdMultipleField(_l("Topics"))
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    source_ids = IdMultipleField(_l("Sources"), description=SOURCES_HELP)

    def values(self) -> dict:
        values = super().values()
        values["stance"] = values.get("stance") or None
        return values


class DevelopmentForm(RecordForm):
    negotiation_id = RequiredSelectField(_l("Negotiation"), prompt=_l("Choose a negotiation"))
    round_id = OptionalSelectField(_l("Round"))
    headline = declared_field(kinds.DEVELOPMENTS, "headline")
    description = declared_field(kinds.DEVELOPMENTS, "description")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    person_ids = IdMultipleField(_l("People"))
    organisation_ids = IdMultipleField(_l("Organisations"))
    topic_ids = IdMultipleField(_l("Topics"))
    source_ids = IdMultipleField(_l("Sources"), description=SOURCES_HELP)
