"""Forms for organisations, people and their titles, venues, topics and sources."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from tracker.forms.base import RecordForm, text
from tracker.forms.fields import (
    NoControlCharacters,
    OptionalSelectField,
    RequiredSelectField,
    TimeZoneField,
    options,
)
from tracker.models import OrganisationKind

WEB_ADDRESS_MESSAGE = _l("Enter a full web address starting with https:// or http://.")
LANGUAGE_HELP = _l("A language code: en, ar (Arabic), fa (Persian)…")


def required_text(max_length: int) -> list:
    return [DataRequired(), Length(max=max_length), NoControlCharacters()]


class OrganisationForm(RecordForm):
    name = StringField(_l("Name"), validators=required_text(200))
    name_original = StringField(_l("Name in original script"), validators=text(200))
    abbreviation = StringField(_l("Abbreviation"), validators=text(40))
    kind = SelectField(_l("Kind"), choices=options(OrganisationKind.choices()), default="other")
    country_code = StringField(
        _l("Country"),
        validators=text(2),
        description=_l("Two-letter ISO 3166 code: IR, US, OM, IQ…"),
    )
    description = TextAreaField(_l("Description"), validators=text(5000))


class PersonForm(RecordForm):
    name = StringField(_l("Name (Latin script)"), validators=required_text(200))
    name_original = StringField(_l("Name in original script"), validators=text(200))
    name_original_language = StringField(
        _l("Language of that name"), validators=text(16), description=LANGUAGE_HELP
    )
    aliases = TextAreaField(
        _l("Other spellings"),
        validators=text(5000),
        description=_l("One a line: transliterations and misspellings seen in print."),
    )
    organisation_id = OptionalSelectField(_l("Organisation"))
    description = TextAreaField(_l("Description"), validators=text(5000))


class PersonTitleForm(RecordForm):
    person_id = RequiredSelectField(_l("Person"), prompt=_l("Choose a person"))
    title = StringField(_l("Title"), validators=required_text(200))
    organisation_id = OptionalSelectField(_l("Organisation"))
    valid_from = DateField(_l("Held from"), validators=[Optional()])
    valid_to = DateField(_l("Held until"), validators=[Optional()])


class VenueForm(RecordForm):
    name = StringField(_l("Name"), validators=required_text(200))
    name_original = StringField(_l("Name in original script"), validators=text(200))
    city = StringField(_l("City"), validators=text(120))
    country_code = StringField(
        _l("Country"), validators=text(2), description=_l("Two-letter ISO 3166 code: OM, IT…")
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
    name = StringField(_l("Name"), validators=required_text(200))
    name_original = StringField(_l("Name in original script"), validators=text(200))
    slug = StringField(
        _l("Short name for links"),
        validators=text(80),
        description=_l("Left blank, it is made from the name."),
    )
    description = TextAreaField(_l("Description"), validators=text(5000))


class SourceForm(RecordForm):
    headline = StringField(_l("Headline or title"), validators=required_text(500))
    outlet_id = OptionalSelectField(_l("Outlet"))
    url = URLField(
        _l("URL"),
        validators=[
            Optional(),
            URL(require_tld=True, message=WEB_ADDRESS_MESSAGE),
            Length(max=2000),
        ],
    )
    author = StringField(_l("Author"), validators=text(200))
    language = StringField(_l("Language"), validators=text(16), description=LANGUAGE_HELP)
    published_on = DateField(_l("Published on"), validators=[Optional()])
    accessed_on = DateField(_l("Accessed on"), validators=[Optional()])
    archive_url = URLField(
        _l("Archive URL"),
        validators=[Optional(), URL(message=WEB_ADDRESS_MESSAGE), Length(max=2000)],
    )
    notes = TextAreaField(_l("Notes"), validators=text(5000))
