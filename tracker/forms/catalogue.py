"""Forms for organisations, people and their titles, venues, topics and sources."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from tracker.forms.base import RecordForm
from tracker.forms.declared import declared_field
from tracker.forms.fields import (
    NoControlCharacters,
    OptionalSelectField,
    RequiredSelectField,
    TimeZoneField,
    options,
)
from tracker.kinds import declarations as kinds
from tracker.models import OrganisationKind

WEB_ADDRESS_MESSAGE = _l("Enter a full web address starting with https:// or http://.")
LANGUAGE_HELP = _l("A language code: en, ar (Arabic), fa (Persian)…")


def required_text(max_length: int) -> list:
    return [DataRequired(), Length(max=max_length), NoControlCharacters()]


class OrganisationForm(RecordForm):
    name = declared_field(kinds.ORGANISATIONS, "name")
    name_original = declared_field(kinds.ORGANISATIONS, "name_original")
    abbreviation = declared_field(kinds.ORGANISATIONS, "abbreviation")
    kind = SelectField(_l("Kind"), choices=options(OrganisationKind.choices()), default="other")
    country_code = declared_field(
        kinds.ORGANISATIONS,
        "country_code",
        description=_l("Two-letter ISO 3166 code: IR, US, OM, IQ…"),
    )
    description = declared_field(kinds.ORGANISATIONS, "description")


class PersonForm(RecordForm):
    name = declared_field(kinds.PEOPLE, "name")
    name_original = declared_field(kinds.PEOPLE, "name_original")
    name_original_language = declared_field(
        kinds.PEOPLE, "name_original_language", description=LANGUAGE_HELP
    )
    aliases = declared_field(
        kinds.PEOPLE,
        "aliases",
        description=_l("One a line: transliterations and misspellings seen in print."),
    )
    organisation_id = OptionalSelectField(_l("Organisation"))
    description = declared_field(kinds.PEOPLE, "description")


class PersonTitleForm(RecordForm):
    person_id = RequiredSelectField(_l("Person"), prompt=_l("Choose a person"))
    title = declared_field(kinds.TITLES, "title")
    organisation_id = OptionalSelectField(_l("Organisation"))
    valid_from = DateField(_l("Held from"), validators=[Optional()])
    valid_to = DateField(_l("Held until"), validators=[Optional()])


class VenueForm(RecordForm):
    name = declared_field(kinds.VENUES, "name")
    name_original = declared_field(kinds.VENUES, "name_original")
    city = declared_field(kinds.VENUES, "city")
    country_code = declared_field(
        kinds.VENUES, "country_code", description=_l("Two-letter ISO 3166 code: OM, IT…")
    )
    latitude = DecimalField(
        _l("Latitude"), places=None, validators=[Optional(), NumberRange(min=-90, max=90)]
    )
    longitude = DecimalField(
        _l("Longitude"), places=None, validators=[Optional(), NumberRange(min=-180, max=180)]
    )
    timezone = TimeZoneField(_l("Time zone"))

    def values(self) -> dict:
        values = super().values()
        for key in ("latitude", "longitude"):
            if values.get(key) is not None:
                values[key] = float(values[key])
        return values


class TopicForm(RecordForm):
    name = declared_field(kinds.TOPICS, "name")
    name_original = declared_field(kinds.TOPICS, "name_original")
    slug = declared_field(
        kinds.TOPICS, "slug", description=_l("Left blank, it is made from the name.")
    )
    description = declared_field(kinds.TOPICS, "description")


class SourceForm(RecordForm):
    headline = declared_field(kinds.SOURCES, "headline")
    outlet_id = OptionalSelectField(_l("Outlet"))
    url = URLField(
        _l("URL"),
        validators=[
            Optional(),
            URL(require_tld=True, message=WEB_ADDRESS_MESSAGE),
            Length(max=2000),
        ],
    )
    author = declared_field(kinds.SOURCES, "author")
    language = declared_field(kinds.SOURCES, "language", description=LANGUAGE_HELP)
    published_on = DateField(_l("Published on"), validators=[Optional()])
    accessed_on = DateField(_l("Accessed on"), validators=[Optional()])
    archive_url = URLField(
        _l("Archive URL"),
        validators=[Optional(), URL(message=WEB_ADDRESS_MESSAGE), Length(max=2000)],
    )
    notes = declared_field(kinds.SOURCES, "notes")
