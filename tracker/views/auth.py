"""Signing in and out, and changing one's own password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import OperationalError

from tracker import security
from tracker.extensions import db
from tracker.forms.accounts import LoginForm, PasswordChangeForm
from tracker.http_access import public, safe_next
from tracker.i18n import adopt_account_language, translated
from tracker.models import LoginSession, User
from tracker.services import accounts, login_sessions
from tracker.services.errors import RuleViolation
from tracker.views.transactions import SAFE_METHODS

bp = Blueprint("auth", __name__)


def load_user(identity: str) -> User | None:
    """Flask-Login's loader for the session and remember cookies, both ``<id>:<token>``: the
    user only while that sign-in is working on the server (see :mod:`login_sessions`)."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    login_session = login_sessions.find_active(db.session, int(user_id), token)
    if login_session is None:
        return None
    if request.method in SAFE_METHODS and login_sessions.note_seen(db.session, login_session):
        # Reading pages commits nothing else; a busy database may skip this stamp.
        try:
            db.session.commit()
        except OperationalError:
            db.session.rollback()
    user = login_session.user
    user.login_token = token
    g.login_session = login_session
    return user


def current_login_session() -> LoginSession | None:
    """The sign-in the current request's cookies belong to (none for API tokens)."""
    if not current_user.is_authenticated:
        return None
    return g.get("login_session")


def sign_in(user: User, remember: bool) -> None:
    """Start a sign-in on the server for this browser and hand its token to Flask-Login."""
    login_session, token = login_sessions.start(
        db.session,
        user,
        user_agent=request.user_agent.string,
        address=security.client_address(),
        remembered=remember,
    )
    db.session.commit()
    user.login_token = token
    g.login_session = login_session
    login_user(user, remember=remember)


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
            current_app.logger.warning(
                "Sign-in throttled for %r from %s: %s", form.email.data, address, refusal.reason
            )
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
            throttle.succeeded(form.email.data, address)
            sign_in(user, remember=form.remember.data)
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends the sign-in on the server too, so a copy of the cookies opens nothing."""
    login_session = current_login_session()
    if login_session is not None:
        login_sessions.end(db.session, login_session)
        db.session.commit()
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
                accounts.users.set_password(
                    db.session, user, form.new_password.data, keep=current_login_session()
                )
            except RuleViolation as error:
                db.session.rollback()
                form.new_password.errors.append(translated(error))
            else:
                db.session.commit()
                flash(_("Password changed. Other devices have been signed out."), "success")
                return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 422
