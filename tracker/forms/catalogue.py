"""Forms for organisations, people and their titles, venues, topics and sources."""

from __future__ import annotations

from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from tracker.forms.base import RecordForm, text
from tracker.forms.fields import NoControlCharacters, OptionalSelectField, options
from tracker.models import OrganisationKind

WEB_ADDRESS_MESSAGE = "Enter a full web address starting with https:// or http://."
LANGUAGE_HELP = "A language code: en, ar (Arabic), fa (Persian)…"


def required_text(max_length: int) -> list:
    return [DataRequired(), Length(max=max_length), NoControlCharacters()]


class OrganisationForm(RecordForm):
    name = StringField("Name", validators=required_text(200))
    name_original = StringField("Name in original script", validators=text(200))
    abbreviation = StringField("Abbreviation", validators=text(40))
    kind = SelectField("Kind", choices=options(OrganisationKind.choices()), default="other")
    country_code = StringField(
        "Country", validators=text(2), description="Two-letter ISO 3166 code: IR, US, OM, IQ…"
    )
    description = TextAreaField("Description", validators=text(5000))


class PersonForm(RecordForm):
    name = StringField("Name (Latin script)", validators=required_text(200))
    name_original = StringField("Name in original script", validators=text(200))
    name_original_language = StringField(
        "Language of that name", validators=text(16), description=LANGUAGE_HELP
    )
    organisation_id = OptionalSelectField("Organisation")
    description = TextAreaField("Description", validators=text(5000))


class PersonTitleForm(RecordForm):
    person_id = SelectField("Person", coerce=int)
    title = StringField("Title", validators=required_text(200))
    organisation_id = OptionalSelectField("Organisation")
    valid_from = DateField("Held from", validators=[Optional()])
    valid_to = DateField("Held until", validators=[Optional()])


class VenueForm(RecordForm):
    name = StringField("Name", validators=required_text(200))
    name_original = StringField("Name in original script", validators=text(200))
    city = StringField("City", validators=text(120))
    country_code = StringField(
        "Country", validators=text(2), description="Two-letter ISO 3166 code: OM, IT…"
    )
    latitude = DecimalField(
        "Latitude", places=None, validators=[Optional(), NumberRange(min=-90, max=90)]
    )
    longitude = DecimalField(
        "Longitude", places=None, validators=[Optional(), NumberRange(min=-180, max=180)]
    )
    timezone = StringField(
        "Time zone", validators=text(64), description="IANA name, such as Asia/Muscat"
    )

    def values(self) -> dict:
        values = super().values()
        for key in ("latitude", "longitude"):
            if values.get(key) is not None:
                values[key] = float(values[key])
        return values


class TopicForm(RecordForm):
    name = StringField("Name", validators=required_text(200))
    name_original = StringField("Name in original script", validators=text(200))
    slug = StringField(
        "Short name for links",
        validators=text(80),
        description="Left blank, it is made from the name.",
    )
    description = TextAreaField("Description", validators=text(5000))


class SourceForm(RecordForm):
    headline = StringField("Headline or title", validators=required_text(500))
    outlet_id = OptionalSelectField("Outlet")
    url = URLField(
        "URL",
        validators=[
            Optional(),
            URL(require_tld=True, message=WEB_ADDRESS_MESSAGE),
            Length(max=2000),
        ],
    )
    author = StringField("Author", validators=text(200))
    language = StringField("Language", validators=text(16), description=LANGUAGE_HELP)
    published_on = DateField("Published on", validators=[Optional()])
    accessed_on = DateField("Accessed on", validators=[Optional()])
    archive_url = URLField(
        "Archive URL",
        validators=[Optional(), URL(message=WEB_ADDRESS_MESSAGE), Length(max=2000)],
    )
    notes = TextAreaField("Notes", validators=text(5000))
