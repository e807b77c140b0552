"""The signed-in user's own page: their signed-in devices, personal API tokens and feed links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user

from tracker.extensions import db
from tracker.forms.tokens import NewTokenForm
from tracker.i18n import translated
from tracker.services import login_sessions, tokens
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation
from tracker.views.auth import current_login_session

bp = Blueprint("profile", __name__, url_prefix="/profile")

#: (what a User-Agent contains, the name people know), first match wins: Edge and Opera also
#: say "Chrome", Chrome also says "Safari", Android also says "Linux", iOS "Mac OS X".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def describe_browser(user_agent: str) -> str:
    """ "Firefox on Windows" from a User-Agent string, so a user can tell their devices apart;
    the string itself when it names nothing known."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return gettext("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or user_agent[:60] or gettext("Unknown")


def render_profile(form: NewTokenForm, new_token: str | None = None, status: int = 200):
    user = current_user._get_current_object()
    return (
        render_template(
            "profile/index.html",
            form=form,
            tokens=tokens.tokens_of(db.session, user),
            new_token=new_token,
            login_sessions=login_sessions.active_sessions(db.session, user),
            this_session=current_login_session(),
            describe_browser=describe_browser,
        ),
        status,
    )


@bp.get("")
@login_required
def index():
    return render_profile(NewTokenForm())


@bp.post("/tokens")
@login_required
def create_token():
    """Shows the new token in this response only: it is never stored, flashed or logged."""
    form = NewTokenForm()
    if not form.validate_on_submit():
        return render_profile(form, status=422)
    try:
        _token, text = tokens.create_token(
            db.session, current_user._get_current_object(), form.name.data
        )
    except RuleViolation as error:
        db.session.rollback()
        form.name.errors.append(translated(error))
        return render_profile(form, status=422)
    db.session.commit()
    response, status = render_profile(NewTokenForm(formdata=None), new_token=text, status=201)
    return response, status, {"Cache-Control": "no-store"}


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    try:
        token = tokens.revoke_token(db.session, current_user._get_current_object(), token_id)
    except RecordNotFound:
        abort(404)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(
        gettext("Token “%(name)s” revoked: scripts using it now get 401.", name=token.name),
        "success",
    )
    return redirect(url_for("profile.index"))


@bp.post("/sessions/<int:login_session_id>/end")
@login_required
def end_session(login_session_id: int):
    """Sign out one device (this one included), on the server."""
    try:
        ended = login_sessions.end_own(
            db.session, current_user._get_current_object(), login_session_id
        )
    except RecordNotFound:
        abort(404)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    if ended == current_login_session():
        logout_user()
        flash(gettext("Signed out."), "info")
        return redirect(url_for("auth.login"))
    flash(gettext("That device has been signed out."), "success")
    return redirect(url_for("profile.index", _anchor="devices"))


@bp.post("/sessions/end-all")
@login_required
def end_all_sessions():
    """Sign out every device, this one too: for a lost laptop or a shared computer."""
    login_sessions.end_all(db.session, current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(gettext("Signed out everywhere. Sign in again on this device to carry on."), "info")
    return redirect(url_for("auth.login"))
