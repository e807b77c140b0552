"""Signing in and out, and changing one's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker import security
from tracker.extensions import db
from tracker.forms.accounts import LoginForm, PasswordChangeForm
from tracker.i18n import adopt_account_language, translated
from tracker.models import User
from tracker.services import accounts
from tracker.services.errors import RuleViolation
from tracker.views.access import public

bp = Blueprint("auth", __name__)


def load_user(identity: str) -> User | None:
    """Flask-Login's loader: ``<id>:<session token>``, so a password change ends old sessions."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in: no open redirect."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    if "\\" in target:
        return url_for("home.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        throttle, address = security.login_throttle(), security.client_address()
        refusal = throttle.refusal(form.email.data, address)
        if refusal is not None:
            form.password.errors.append(
                _(
                    "%(reason)s Try again in %(minutes)s minute(s).",
                    reason=_(refusal.reason),
                    minutes=refusal.minutes,
                )
            )
            response = make_response(render_template("auth/login.html", form=form), 429)
            response.headers["Retry-After"] = str(refusal.retry_after)
            return response
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            throttle.failed(form.email.data, address)
            form.password.errors.append(
                _("That email and password do not match an active account.")
            )
        else:
            adopt_account_language(user)
            db.session.commit()
            throttle.succeeded(form.email.data)
            login_user(user, remember=form.remember.data)
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("Signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append("This is not your current password.")
        else:
            try:
                accounts.users.set_password(db.session, user, form.new_password.data)
            except RuleViolation as error:
                db.session.rollback()
                form.new_password.errors.append(translated(error))
            else:
                db.session.commit()
                login_user(user)  # the old session token is gone; carry on with the new one
                flash(_("Password changed. Other devices have been signed out."), "success")
                return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 422
