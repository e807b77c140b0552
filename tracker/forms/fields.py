"""Fields and validators shared by the tracker's forms. Validation only: no database access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import Length, Optional, StopValidation, ValidationError
from wtforms.widgets import TextInput

from tracker.dates import InvalidDate, parse_vague_date
from tracker.i18n import translate
from tracker.models.dating import NOT_A_TIME_ZONE, TIME_ZONES


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs, such as a vocabulary's ``choices()``."""
    return [SelectChoice(value, LazyString(translate, label)) for value, label in pairs]


def optional_int(value: Any) -> int | None:
    """Coerce a select's value to an id, with the blank choice meaning "none"."""
    if value in (None, "", "None"):
        return None
    return int(value)


class OptionalSelectField(SelectField):
    """A select whose first choice is "—", meaning no related record."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, coerce=optional_int, **kwargs)

    def pre_validate(self, form: Any) -> None:
        if self.data is None:
            return
        super().pre_validate(form)


class RequiredSelectField(SelectField):
    """A picker of one record that must be chosen, opening on an empty “Choose a …” option.

    A hurried editor who saves without looking gets the prompt beside the field, never the
    first record of the list saved in their name.
    """

    def __init__(
        self, label: str | None = None, validators: Any = None, *, prompt: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("render_kw", {"required": True})
        super().__init__(label, validators, coerce=optional_int, **kwargs)
        self.prompt = prompt

    def iter_choices(self) -> list[Choice]:
        blank = Choice(value="", label=f"{self.prompt}…", selected=self.data is None, render_kw={})
        return [blank, *super().iter_choices()]

    def pre_validate(self, form: Any) -> None:
        if self.data is None and not self.process_errors:
            raise StopValidation(str(self.prompt))
        super().pre_validate(form)


class BlankableSelectField(SelectField):
    """A select of text values whose blank first choice means "not stated"."""

    def process_data(self, value: Any) -> None:
        super().process_data("" if value is None else value)


class IdMultipleField(SelectMultipleField):
    """Several related records chosen by id."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, coerce=int, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            self.data = [int(value) for value in valuelist if value not in ("", None)]
        except ValueError:
            self.data = []
            raise ValueError("Choose records from the list.") from None


class EdtfField(StringField):
    """An EDTF date: ``2025-04-12``, ``2025-04-26~``, ``2025-05?``, ``2025-04-19/2025-04-20``."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "description",
            _l(
                "EDTF: 2025-04-12 · 2025-04-26~ approximate · 2025-05? uncertain · "
                "2025-04 a month · 2025-04-19/2025-04-20 a span"
            ),
        )
        kwargs.setdefault("render_kw", {"placeholder": "2025-04-12", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form: Any) -> None:
        if self.data and self.data.strip():
            try:
                parse_vague_date(self.data)
            except InvalidDate as error:
                raise ValidationError(gettext(error.template, **error.params)) from error


class SuggestingInput(TextInput):
    """A text input offering the field's ``suggestions`` as the browser's own list
    (``<datalist>``): typing narrows it, and nothing else than a suggestion is needed."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        list_id = f"{field.id}-suggestions"
        kwargs.setdefault("list", list_id)
        options = "".join(f'<option value="{escape(value)}">' for value in field.suggestions)
        return super().__call__(field, **kwargs) + Markup(
            f'<datalist id="{list_id}">{options}</datalist>'
        )


class TimeZoneField(StringField):
    """An IANA time zone (``Asia/Muscat``), chosen from the list the browser offers; the form
    fills ``suggestions`` with the zones most likely wanted first (the venue's)."""

    widget = SuggestingInput()

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("description", _l("IANA name, such as Asia/Muscat"))
        kwargs.setdefault("render_kw", {"dir": "ltr", "autocomplete": "off"})
        super().__init__(label, validators or [Optional()], **kwargs)
        self.suggestions: list[str] = sorted(TIME_ZONES)

    def pre_validate(self, form: Any) -> None:
        if self.data and self.data.strip() not in TIME_ZONES:
            raise ValidationError(gettext(NOT_A_TIME_ZONE))


def zones_first(first: Iterable[str | None]) -> list[str]:
    """Every IANA zone, those in ``first`` (valid ones, in that order) ahead of the rest."""
    leading = [zone for zone in dict.fromkeys(first) if zone in TIME_ZONES]
    return [*leading, *sorted(TIME_ZONES.difference(leading))]


class NoControlCharacters:
    """Refuse text carrying control characters, which no newsroom copy needs."""

    def __call__(self, form: Any, field: Any) -> None:
        if isinstance(field.data, str) and any(
            ord(char) < 32 and char not in "\n\r\t" for char in field.data
        ):
            raise ValidationError("Remove the invisible control characters from this text.")


def vague_date_fields() -> tuple[EdtfField, TimeField, TimeZoneField, StringField]:
    """The date fields of anything dated, made where a form wants them to appear:
    ``when_edtf, when_time, when_timezone, when_text = vague_date_fields()``."""
    return (
        EdtfField(_l("Date")),
        TimeField(_l("Local time"), validators=[Optional()]),
        TimeZoneField(_l("Time zone")),
        StringField(
            _l("Date as reported"),
            validators=[Optional(), Length(max=200), NoControlCharacters()],
            description=_l("The wording used, e.g. “the coming weekend”."),
        ),
    )


def verification_fields(choices: list[SelectChoice]) -> tuple[SelectField, TextAreaField]:
    """``verification, correction_note = verification_fields(...)`` for published facts."""
    return (
        SelectField(_l("Verification"), choices=choices, default="reported"),
        TextAreaField(
            _l("Correction note"),
            validators=[Optional(), Length(max=2000), NoControlCharacters()],
            description=_l("Shown to readers when the status is corrected or retracted."),
        ),
    )
