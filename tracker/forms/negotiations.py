"""Forms for negotiations, rounds and participations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from tracker.db import utcnow
from tracker.forms.base import RecordForm
from tracker.forms.declared import declared_field
from tracker.forms.fields import (
    IdMultipleField,
    OptionalSelectField,
    RequiredSelectField,
    options,
    vague_date_fields,
)
from tracker.kinds import declarations as kinds
from tracker.models import ParticipationRole, RoundFormat, RoundStatus


class NegotiationForm(RecordForm):
    title = declared_field(kinds.NEGOTIATIONS, "title")
    slug = declared_field(
        kinds.NEGOTIATIONS, "slug", description=_l("Left blank, it is made from the title.")
    )
    summary = declared_field(kinds.NEGOTIATIONS, "summary")
    party_ids = IdMultipleField(_l("Parties"))


class ScheduleChangeOnly:
    """Marks a field that only means something when an edit changes a round's status, date or
    venue: the form shows it on editing, under the fields it depends on."""

    field_flags = {"schedule_change": True}

    def __call__(self, form: object, field: object) -> None:
        """Nothing to check: the mark is all."""


class RoundForm(RecordForm):
    negotiation_id = RequiredSelectField(_l("Negotiation"), prompt=_l("Choose a negotiation"))
    number = IntegerField(_l("Number"), validators=[Optional(), NumberRange(min=1, max=10000)])
    title = declared_field(kinds.ROUNDS, "title")
    status = SelectField(_l("Status"), choices=options(RoundStatus.choices()), default="announced")
    when_edtf, when_time, when_timezone, when_text = vague_date_fields()
    format = SelectField(_l("Format"), choices=options(RoundFormat.choices()), default="unknown")
    venue_id = OptionalSelectField(_l("Venue"))
    announced_on = DateField(
        _l("Announced on"),
        validators=[Optional(), ScheduleChangeOnly()],
        default=lambda: utcnow().date(),
        description=_l("When the new status, date or venue was made public."),
    )
    announced_by_id = OptionalSelectField(
        _l("Announced by"),
        validators=[ScheduleChangeOnly()],
        description=_l("The source that reported the change."),
    )
    mediator_id = OptionalSelectField(_l("Mediator"))
    topic_ids = IdMultipleField(_l("Agenda"))
    summary = declared_field(kinds.ROUNDS, "summary")
    source_ids = IdMultipleField(_l("Sources"))


class ParticipationForm(RecordForm):
    round_id = RequiredSelectField(_l("Round"), prompt=_l("Choose a round"))
    person_id = RequiredSelectField(_l("Person"), prompt=_l("Choose a person"))
    role = SelectField(_l("Role"), choices=options(ParticipationRole.choices()), default="delegate")
    side_id = OptionalSelectField(_l("Side"))
    note = declared_field(kinds.PARTICIPATIONS, "note")
    source_ids = IdMultipleField(_l("Sources"))
