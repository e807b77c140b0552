"""The CSV upload form: which kind of record, the file, and whether to create missing names."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from tracker.services.imports import IMPORTABLE


class ImportForm(FlaskForm):
    kind = SelectField(
        _l("Kind of record"),
        choices=[SelectChoice(kind, _l(kind.capitalize())) for kind in IMPORTABLE],
        description=_l("The columns are those of the matching CSV export."),
    )
    file = FileField(_l("CSV file (UTF-8)"), validators=[FileRequired(_l("Choose a CSV file."))])
    create_missing = BooleanField(
        _l("Create missing related records"),
        description=_l(
            "Negotiations, venues, organisations, people, topics and sources named in "
            "the file but not yet in the tracker are added; otherwise such rows are refused."
        ),
    )
