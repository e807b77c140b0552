"""Forms for reported outcomes, statements and developments: each needs a source."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField

from tracker.forms.base import RecordForm, text
from tracker.forms.catalogue import LANGUAGE_HELP, required_text
from tracker.forms.fields import (
    BlankableSelectField,
    IdMultipleField,
    OptionalSelectField,
    options,
    vague_date_fields,
    verification_fields,
)
from tracker.models import Attribution, SpeechKind, Stance, Verification

SOURCES_HELP = "At least one: nothing is published without a source."


VERIFICATION_CHOICES = options(Verification.choices())


class ReportedOutcomeForm(RecordForm):
    round_id = SelectField("Round", coerce=int)
    summary = TextAreaField("What was reported", validators=required_text(10000))
    reported_by_id = OptionalSelectField("Reported by (organisation)")
    reported_by_person_id = OptionalSelectField("Reported by (person)")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    topic_ids = IdMultipleField("Topics")
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)


class StatementForm(RecordForm):
    speaker_id = OptionalSelectField("Speaker")
    attribution = SelectField(
        "Attribution", choices=options(Attribution.choices()), default="on_record"
    )
    speaker_description = StringField(
        "Speaker as described",
        validators=text(200),
        description="For anonymous sources: “a senior Iranian official”.",
    )
    speaker_role = StringField(
        "Role as published",
        validators=text(200),
        description="Left blank, the speaker's title on that date is shown.",
    )
    speaker_organisation_id = OptionalSelectField("Speaker's organisation")
    text_original = TextAreaField("Words, exactly as published", validators=required_text(20000))
    language = StringField(
        "Language of those words", validators=text(16), description=LANGUAGE_HELP
    )
    text_translation = TextAreaField("Translation", validators=text(20000))
    speech = SelectField("Speech", choices=options(SpeechKind.choices()), default="direct")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    negotiation_id = OptionalSelectField("Negotiation")
    round_id = OptionalSelectField("Round")
    stance = BlankableSelectField("Stance", choices=options([("", "—"), *Stance.choices()]))
    topic_ids = IdMultipleField("Topics")
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)

    def values(self) -> dict:
        values = super().values()
        values["stance"] = values.get("stance") or None
        return values


class DevelopmentForm(RecordForm):
    negotiation_id = SelectField("Negotiation", coerce=int)
    round_id = OptionalSelectField("Round")
    headline = StringField("Headline", validators=required_text(300))
    description = TextAreaField("Description", validators=text(10000))
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    verification, correction_note = verification_fields(VERIFICATION_CHOICES)
    person_ids = IdMultipleField("People")
    organisation_ids = IdMultipleField("Organisations")
    topic_ids = IdMultipleField("Topics")
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)
