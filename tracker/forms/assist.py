"""Article assist forms: the article to read, then the review of what the reader proposed.

The review form carries the whole review (the article, each proposal and where its words are)
in its own fields, so nothing is stored between reading and confirming and any host can take
the confirmation. Choices of the selects are filled by the view; the services check the rest:
a blank quote passes here and is refused by the statement's own rule, named beside its row.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional
from wtforms.widgets import TextInput

from tracker.forms.base import text as optional_text
from tracker.forms.catalogue import LANGUAGE_HELP, WEB_ADDRESS_MESSAGE
from tracker.forms.fields import (
    BlankableSelectField,
    EdtfField,
    NoControlCharacters,
    OptionalSelectField,
    options,
)
from tracker.models import RoundStatus, Stance

#: the longest article the reader takes, in characters
ARTICLE_LIMIT = 100_000

#: the speaker choice that creates a person from the name written in the row
NEW_PERSON = "new"

ATTRIBUTION_CHOICES = [
    SelectChoice("on_record", _l("On the record")),
    SelectChoice("anonymous", _l("Anonymous: as described")),
]


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class IsoDateField(DateField):
    """A day written year-month-day in a text box, the same in every language (a browser's
    date picker shows the reader's locale); Arabic and Persian digits are read too."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "render_kw",
            {
                "placeholder": "2025-04-21",
                "autocomplete": "off",
                "inputmode": "numeric",
                "dir": "ltr",
            },
        )
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().translate(_DIGITS)]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                str(_l("Write the day in EDTF, year-month-day: 2025-04-21."))
            ) from None


def article_text() -> list[Any]:
    return [Optional(), Length(max=ARTICLE_LIMIT), NoControlCharacters()]


class SourceFieldsMixin:
    """What the editor may say about the article itself, on both forms."""

    link = URLField(
        _l("Link to the article"),
        validators=[Optional(), Length(max=2000), URL(message=WEB_ADDRESS_MESSAGE)],
        description=_l("Kept as the source's link. The page is not fetched: paste its text."),
    )
    headline = StringField(_l("Headline"), validators=optional_text(500))
    published_on = IsoDateField(
        _l("Published on"),
        validators=[Optional()],
        description=_l(
            "EDTF day, year-month-day: 2025-04-21. Relative dates (“on Saturday”) are read "
            "from this day."
        ),
    )
    outlet = StringField(
        _l("Outlet"),
        validators=optional_text(200),
        description=_l("An outlet not yet in the tracker is added."),
    )
    language = StringField(_l("Language"), validators=optional_text(16), description=LANGUAGE_HELP)
    negotiation_id = OptionalSelectField(
        _l("Negotiation"), description=_l("The statements are filed under it.")
    )


class ArticleForm(SourceFieldsMixin, FlaskForm):
    """The article as pasted text or a saved web page; everything else is optional."""

    text = TextAreaField(
        _l("Article text"), validators=article_text(), render_kw={"rows": 12, "dir": "auto"}
    )
    page = FileField(
        _l("Or a saved web page (HTML)"),
        description=_l("The text, headline, date and outlet are read from the page."),
    )
    #: shown only where the deployment lets the server fetch links (TRACKER_ASSIST_FETCH_LINKS)
    fetch_url = URLField(
        _l("Or the article's link, to fetch"),
        validators=[Optional(), Length(max=2000), URL(message=WEB_ADDRESS_MESSAGE)],
        description=_l(
            "The tracker fetches this one page and reads its text, headline, date "
            "and outlet; nothing else is fetched."
        ),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        given = (self.text.data or "").strip() or self.page.data or self.fetch_url.data
        if valid and not given:
            self.text.errors = [_l("Paste the article's text or choose a saved web page.")]
            return False
        return valid


class QuoteRowForm(Form):
    """One proposed statement. ``spans`` and ``speaker_span`` say where its words are in the
    article (``start-end`` pairs), for highlighting only."""

    accept = BooleanField(_l("Keep this statement"), default=True)
    text = TextAreaField(
        _l("Quote, exactly as published"),
        validators=optional_text(10000),
        render_kw={"rows": 3, "dir": "auto"},
    )
    #: searchable like the record forms' pickers (static/pickers.js), without their "add"
    #: dialog: a new person is only created on confirming
    speaker = SelectField(
        _l("Speaker"),
        validate_choice=False,
        render_kw={"data-lookup": "people", "data-no-create": True},
    )
    new_name = StringField(
        _l("New person's name"),
        validators=optional_text(200),
        description=_l("Used when the speaker is a new person."),
    )
    role = StringField(_l("Role as published"), validators=optional_text(200))
    when_edtf = EdtfField(_l("Date"))
    when_text = StringField(
        _l("Date as reported"),
        validators=optional_text(200),
        description=_l("The wording that dates it, e.g. “on Thursday”."),
    )
    stance = BlankableSelectField(_l("Stance"), choices=options([("", "—"), *Stance.choices()]))
    attribution = SelectField(_l("Attribution"), choices=ATTRIBUTION_CHOICES)
    #: not ``description``, which a row (a FormField) answers with its own help text
    described_as = StringField(
        _l("Anonymous speaker as described"),
        validators=optional_text(200),
        description=_l("For anonymous sources: “a senior Iranian official”."),
    )
    speech = HiddenField()
    spans = HiddenField()
    speaker_span = HiddenField()


class RoundChangeRowForm(Form):
    """One proposed change of a round's status, announced by the article."""

    accept = BooleanField(_l("Record this change"), default=True)
    round_id = OptionalSelectField(_l("Round"))
    status = SelectField(_l("New status"), choices=options(RoundStatus.choices()))
    when_edtf = EdtfField(_l("Round's date"))
    spans = HiddenField()


class ReviewForm(SourceFieldsMixin, FlaskForm):
    """The article and every proposal, as the editor confirms them."""

    article = HiddenField(validators=article_text())
    quotes = FieldList(FormField(QuoteRowForm))
    round_changes = FieldList(FormField(RoundChangeRowForm))
