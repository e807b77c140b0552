"""Forms for negotiations, rounds and participations."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import NumberRange, Optional

from tracker.forms.base import RecordForm, text
from tracker.forms.catalogue import required_text
from tracker.forms.fields import EdtfField, IdMultipleField, OptionalSelectField, options
from tracker.models import ParticipationRole, RoundFormat, RoundStatus


class NegotiationForm(RecordForm):
    title = StringField("Title", validators=required_text(200))
    slug = StringField(
        "Short name for links",
        validators=text(80),
        description="Left blank, it is made from the title.",
    )
    summary = TextAreaField("Summary", validators=text(10000))
    party_ids = IdMultipleField("Parties")


class VagueDateFields:
    """The date fields of anything dated: an EDTF value, a local time and zone, and wording."""

    when_edtf = EdtfField("Date")
    when_time = TimeField("Local time", validators=[Optional()])
    when_timezone = StringField(
        "Time zone", validators=text(64), description="IANA name, such as Asia/Muscat"
    )
    when_text = StringField(
        "Date as reported",
        validators=text(200),
        description="The wording used, e.g. “the coming weekend”.",
    )


class RoundForm(VagueDateFields, RecordForm):
    negotiation_id = SelectField("Negotiation", coerce=int)
    number = IntegerField("Number", validators=[Optional(), NumberRange(min=1, max=10000)])
    title = StringField("Title", validators=text(200))
    status = SelectField("Status", choices=options(RoundStatus.choices()), default="announced")
    format = SelectField("Format", choices=options(RoundFormat.choices()), default="unknown")
    venue_id = OptionalSelectField("Venue")
    mediator_id = OptionalSelectField("Mediator")
    summary = TextAreaField("Summary", validators=text(10000))
    topic_ids = IdMultipleField("Agenda")
    source_ids = IdMultipleField("Sources")


class ParticipationForm(RecordForm):
    round_id = SelectField("Round", coerce=int)
    person_id = SelectField("Person", coerce=int)
    role = SelectField("Role", choices=options(ParticipationRole.choices()), default="delegate")
    side_id = OptionalSelectField("Side")
    note = TextAreaField("Note", validators=text(2000))
    source_ids = IdMultipleField("Sources")
