"""The base of every editing form: the record's version and a way to read plain values."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from tracker.forms.fields import NoControlCharacters

META_FIELDS = frozenset({"csrf_token", "version", "change_note"})


class RecordForm(FlaskForm):
    """``version`` carries the version the editor started from (optimistic locking)."""

    version = HiddenField()
    change_note = StringField(
        _l("Note on this change"),
        validators=[Optional(), Length(max=500), NoControlCharacters()],
        description=_l("Optional: why you made this change. Kept in the record's history."),
    )

    def values(self) -> dict[str, Any]:
        """The form's data as the service expects it: field name -> value."""
        return {name: field.data for name, field in self._fields.items() if name not in META_FIELDS}

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except (TypeError, ValueError):
            return None


def text(max_length: int) -> list[Any]:
    """Validators for optional text up to ``max_length`` characters."""
    return [Optional(), Length(max=max_length), NoControlCharacters()]
