"""Forms for reported outcomes, statements and developments: each needs a source."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField

from tracker.forms.base import RecordForm, text
from tracker.forms.catalogue import LANGUAGE_HELP, required_text
from tracker.forms.fields import BlankableSelectField, IdMultipleField, OptionalSelectField, options
from tracker.forms.negotiations import VagueDateFields
from tracker.models import Attribution, SpeechKind, Stance, Verification

SOURCES_HELP = "At least one: nothing is published without a source."


class VerifiedFields:
    verification = SelectField(
        "Verification", choices=options(Verification.choices()), default="reported"
    )
    correction_note = TextAreaField(
        "Correction note",
        validators=text(2000),
        description="Shown to readers when the status is corrected or retracted.",
    )


class ReportedOutcomeForm(VagueDateFields, VerifiedFields, RecordForm):
    round_id = SelectField("Round", coerce=int)
    summary = TextAreaField("What was reported", validators=required_text(10000))
    reported_by_id = OptionalSelectField("Reported by (organisation)")
    reported_by_person_id = OptionalSelectField("Reported by (person)")
    topic_ids = IdMultipleField("Topics")
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)


class StatementForm(VagueDateFields, VerifiedFields, RecordForm):
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
    stance = BlankableSelectField("Stance", choices=options([("", "—"), *Stance.choices()]))
    negotiation_id = OptionalSelectField("Negotiation")
    round_id = OptionalSelectField("Round")
    topic_ids = IdMultipleField("Topics")
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)

    def values(self) -> dict:
        values = super().values()
        values["stance"] = values.get("stance") or None
        return values


class DevelopmentForm(VagueDateFields, VerifiedFields, RecordForm):
    negotiation_id = SelectField("Negotiation", coerce=int)
    round_id = OptionalSelectField("Round")
    headline = StringField("Headline", validators=required_text(300))
    description = TextAreaField("Description", validators=text(10000))
    person_ids = IdMultipleField("People")
    organisation_ids = IdMultipleField("Organisations")
    topic_ids = IdMultipleField("Topics")
    source_ids = IdMultipleField("Sources", description=SOURCES_HELP)
