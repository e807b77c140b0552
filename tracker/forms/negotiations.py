"""Forms for negotiations, rounds and participations."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from tracker.forms.base import RecordForm, text
from tracker.forms.catalogue import required_text
from tracker.forms.fields import (
    IdMultipleField,
    OptionalSelectField,
    options,
    vague_date_fields,
)
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


class RoundForm(RecordForm):
    negotiation_id = SelectField("Negotiation", coerce=int)
    number = IntegerField("Number", validators=[Optional(), NumberRange(min=1, max=10000)])
    title = StringField("Title", validators=text(200))
    status = SelectField("Status", choices=options(RoundStatus.choices()), default="announced")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    format = SelectField("Format", choices=options(RoundFormat.choices()), default="unknown")
    venue_id = OptionalSelectField("Venue")
    mediator_id = OptionalSelectField("Mediator")
    topic_ids = IdMultipleField("Agenda")
    summary = TextAreaField("Summary", validators=text(10000))
    source_ids = IdMultipleField("Sources")


class ParticipationForm(RecordForm):
    round_id = SelectField("Round", coerce=int)
    person_id = SelectField("Person", coerce=int)
    role = SelectField("Role", choices=options(ParticipationRole.choices()), default="delegate")
    side_id = OptionalSelectField("Side")
    note = TextAreaField("Note", validators=text(2000))
    source_ids = IdMultipleField("Sources")
