"""Forms of the history: marking an edit as a correction, and filtering the recent changes."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from tracker.forms.fields import NoControlCharacters, optional_int


class CorrectionForm(FlaskForm):
    """Submitted with a record's edit form (which carries the CSRF token)."""

    class Meta:
        csrf = False

    is_correction = BooleanField(
        _l("This edit corrects a published error"),
        description=_l("Readers see corrections on the timeline and in the feed."),
    )
    correction_public_note = TextAreaField(
        _l("Public correction note"),
        validators=[Optional(), Length(max=2000), NoControlCharacters()],
        description=_l(
            "What was wrong and what is right, e.g. “An earlier version called "
            "Abbas Araghchi deputy foreign minister; he is the foreign minister.”"
        ),
    )

    def public_note(self, record_note: str | None = None) -> str | None:
        """The public note when the edit is a correction, else ``None``. Forms of facts carry
        their own correction note, passed as ``record_note``."""
        if not self.is_correction.data:
            return None
        return (record_note or self.correction_public_note.data or "").strip()


class DeletionForm(FlaskForm):
    """Why a record is deleted: kept in its history beside the snapshot an admin restores from.

    ``version`` is the version the page showed, so a delete confirmed after someone else's
    edit is refused rather than silently throwing that edit away."""

    note = StringField(
        _l("Why delete it?"),
        validators=[Optional(), Length(max=500), NoControlCharacters()],
        description=_l("Optional. Kept in the history."),
    )
    version = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except (TypeError, ValueError):
            return None


class ChangeFilterForm(FlaskForm):
    """The recent-changes filters, read from the query string."""

    class Meta:
        csrf = False

    user = SelectField(_l("Changed by"), coerce=optional_int, validate_choice=False)
    kind = SelectField(_l("Kind of record"), validate_choice=False)
    action = SelectField(_l("Action"), validate_choice=False)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    corrections = BooleanField(_l("Corrections only"))

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(gettext("The end date comes before the start date."))
