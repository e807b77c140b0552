"""The quick-add form: what happened and where it was reported, in one short form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional

from tracker.forms.base import text as optional_text
from tracker.forms.catalogue import WEB_ADDRESS_MESSAGE, required_text
from tracker.forms.fields import BlankableSelectField, EdtfField, OptionalSelectField, options
from tracker.models import Stance
from tracker.services.quick_add import QuickFact, SourceNote

KIND_CHOICES = [
    SelectChoice("development", _l("A development: something happened")),
    SelectChoice("statement", _l("A statement: someone said something")),
    SelectChoice("outcome", _l("An outcome: what a round produced")),
]


class QuickAddForm(FlaskForm):
    """Choices of the selects are filled by the view; the services check the rest."""

    kind = SelectField(_l("What is it?"), choices=KIND_CHOICES, default="development")
    text = TextAreaField(
        _l("What happened, or the words said"),
        validators=required_text(10000),
        render_kw={"rows": 3},
    )
    negotiation_id = OptionalSelectField(_l("Negotiation"))
    round_id = OptionalSelectField(
        _l("Round"), description=_l("Needed for an outcome; optional otherwise.")
    )
    speaker_id = OptionalSelectField(_l("Speaker"), description=_l("For a statement."))
    speaker_description = StringField(
        _l("Or the speaker as described"),
        validators=optional_text(200),
        description=_l("For anonymous sources: “a senior Iranian official”."),
    )
    stance = BlankableSelectField(
        _l("Stance"),
        choices=options([("", "—"), *Stance.choices()]),
        description=_l("For a statement: how the words lean."),
    )
    when_edtf = EdtfField(_l("Date"))
    when_text = StringField(
        _l("Date as reported"),
        validators=optional_text(200),
        description=_l("The wording used, e.g. “the coming weekend”."),
    )
    source_outlet = StringField(
        _l("Reported by (outlet)"),
        validators=optional_text(200),
        description=_l("An outlet not yet in the tracker is added."),
        render_kw={"list": "outlet-names", "autocomplete": "off"},
    )
    source_url = URLField(
        _l("Link to the report"),
        validators=[
            Optional(),
            URL(require_tld=True, message=WEB_ADDRESS_MESSAGE),
            Length(max=2000),
        ],
    )
    published_on = DateField(_l("Published on"), validators=[Optional()])
    source_headline = StringField(
        _l("Headline of the report"),
        validators=optional_text(500),
        description=_l("Optional: left blank, the first words above are used."),
    )

    def fact(self) -> QuickFact:
        return QuickFact(
            kind=self.kind.data,
            text=self.text.data.strip(),
            negotiation_id=self.negotiation_id.data,
            round_id=self.round_id.data,
            speaker_id=self.speaker_id.data,
            speaker_description=(self.speaker_description.data or "").strip() or None,
            stance=self.stance.data or None,
            when_edtf=(self.when_edtf.data or "").strip() or None,
            when_text=(self.when_text.data or "").strip() or None,
        )

    def source(self) -> SourceNote:
        return SourceNote(
            outlet=(self.source_outlet.data or "").strip() or None,
            url=(self.source_url.data or "").strip() or None,
            published_on=self.published_on.data,
            headline=(self.source_headline.data or "").strip() or None,
        )
