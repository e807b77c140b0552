"""The CSV upload form: which kind of record, the file, and whether to create missing names."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from tracker.services.imports import IMPORTABLE


class ImportForm(FlaskForm):
    kind = SelectField(
        "Kind of record",
        choices=[SelectChoice(kind, kind.capitalize()) for kind in IMPORTABLE],
        description="The columns are those of the matching CSV export.",
    )
    file = FileField("CSV file (UTF-8)", validators=[FileRequired("Choose a CSV file.")])
    create_missing = BooleanField(
        "Create missing related records",
        description="Negotiations, venues, organisations, people, topics and sources named in "
        "the file but not yet in the tracker are added; otherwise such rows are refused.",
    )
