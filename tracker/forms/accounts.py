"""Sign-in and account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from tracker.forms.base import RecordForm
from tracker.forms.catalogue import required_text
from tracker.forms.fields import options
from tracker.models import UserRole


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    remember = BooleanField("Keep me signed in on this device")


class UserForm(RecordForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=required_text(200))
    role = SelectField("Role", choices=options(UserRole.choices()), default="viewer")
    active = BooleanField("Active", default=True)
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=10, max=1000)],
        description="At least 10 characters. Left blank when editing, it stays as it is.",
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password", validators=[DataRequired(), Length(min=10, max=1000)]
    )
    confirm_password = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
    )
