"""The form that names a new personal API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from tracker.forms.fields import NoControlCharacters
from tracker.services.tokens import MAX_NAME_LENGTH


class NewTokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=MAX_NAME_LENGTH), NoControlCharacters()],
        description=_l("Name it after the script or notebook that will use it: “Data desk sync”."),
    )
