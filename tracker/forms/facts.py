"""Forms for reported outcomes, statements and developments: each needs a source."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from tracker.forms.base import RecordForm, text
from tracker.forms.catalogue import LANGUAGE_HELP, required_text
from tracker.forms.fields import (
    BlankableSelectField,
    IdMultipleField,
    OptionalSelectField,
    RequiredSelectField,
    options,
    vague_date_fields,
    verification_fields,
)
from tracker.models import Attribution, SpeechKind, Stance, Verification

SOURCES_HELP = _l("At least one: nothing is published without a source.")


VERIFICATION_CHOICES = options(Verification.choices())


class ReportedOutcomeForm(RecordForm):
    round_id = RequiredSelectField(_l("Round"), prompt=_l("Choose a round"))
    summary = TextAreaField(_l("What was reported"), validators=required_text(10000))
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
    speaker_description = StringField(
        _l("Speaker as described"),
        validators=text(200),
        description=_l("For anonymous sources: “a senior Iranian official”."),
    )
    speaker_role = StringField(
        _l("Role as published"),
        validators=text(200),
        description=_l("Left blank, the speaker's title on that date is shown."),
    )
    speaker_organisation_id = OptionalSelectField(_l("Speaker's organisation"))
    text_original = TextAreaField(
        _l("Words, exactly as published"), validators=required_text(20000)
    )
    language = StringField(
        _l("Language of those words"), validators=text(16), description=LANGUAGE_HELP
    )
    text_translation = TextAreaField(_l("Translation"), validators=text(20000))
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
    headline = StringField(_l("Headline"), validators=required_text(300))
    description = TextAreaField(_l("Description"), validators=text(10000))
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    person_ids = IdMultipleField(_l("People"))
    organisation_ids = IdMultipleField(_l("Organisations"))
    topic_ids = IdMultipleField(_l("Topics"))
    source_ids = IdMultipleField(_l("Sources"), description=SOURCES_HELP)
