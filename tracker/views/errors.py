"""Error pages for people and JSON errors for programs: never a bare 500."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.extensions import db
from tracker.i18n import translate
from tracker.services.errors import StaleRecord
from tracker.services.wording import N_


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, title: str, message: str):
    """JSON keeps the English wording programs match on; a page shows it in the reader's
    language (Werkzeug's own titles and descriptions are in the catalogue too)."""
    if wants_json():
        return jsonify(error={"status": code, "title": title, "message": message}), code
    page = render_template(
        "errors/error.html", code=code, title=translate(title), message=translate(message)
    )
    return page, code


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    response = make_response(render_error(error.code, error.name, error.description or error.name))
    for name, value in error.get_headers():  # Allow on a 405, WWW-Authenticate on a 401...
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        N_("Form expired"),
        N_(
            "This form was open too long or came from elsewhere. Go back, reload the page and "
            "submit again."
        ),
    )


def handle_unexpected(error: Exception):
    db.session.rollback()
    return render_error(
        500,
        N_("Something went wrong"),
        N_(
            "The tracker hit an unexpected error and saved nothing. Try again; if it persists, "
            "tell the data desk."
        ),
    )


def handle_stale_record(error: StaleRecord):
    """A save that lost a race no page caught: say so rather than fail."""
    db.session.rollback()
    return render_error(
        409,
        N_("Someone else saved first"),
        N_(
            "Someone else saved this record after you opened it, so nothing was overwritten. "
            "Open it again to see their version, then make your change once more."
        ),
    )


def handle_busy_database(error: OperationalError):
    """SQLite still locked after the busy timeout (a very long write elsewhere): ask the
    person to try again instead of showing a crash. Other operational errors stay errors."""
    if "locked" not in str(error.orig) and "busy" not in str(error.orig):
        raise error
    db.session.rollback()
    response = make_response(
        render_error(
            503,
            N_("The database is busy"),
            N_(
                "Another change is still being saved. Nothing of yours was saved: try again in "
                "a moment."
            ),
        )
    )
    response.headers["Retry-After"] = "5"
    return response


def register(app: Flask) -> None:
    app.register_error_handler(StaleRecord, handle_stale_record)
    app.register_error_handler(OperationalError, handle_busy_database)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.testing:
        app.register_error_handler(InternalServerError, handle_unexpected)
        app.register_error_handler(Exception, handle_unexpected)
