"""Error pages for people and JSON errors for programs: never a bare 500."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker import logs
from tracker.db import is_transient
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


def render_error(code: int, title: str, message: str, reference: str | None = None):
    """The error page or JSON error; ``reference`` is the request id a reporter can quote.

    JSON keeps the English wording programs match on; a page shows it in the reader's
    language (Werkzeug's own titles and descriptions are in the catalogue too)."""
    if wants_json():
        error = {"status": code, "title": title, "message": message}
        if reference:
            error["request_id"] = reference
        return jsonify(error=error), code
    page = render_template(
        "errors/error.html",
        code=code,
        title=translate(title),
        message=translate(message),
        reference=reference,
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
    """Log the error with its traceback (the log line carries the request id, user and path),
    then show the request id so whoever reports it can be matched to the log.

    An :class:`InternalServerError` arrives here either from ``abort(500)`` or wrapping an
    error that escaped another handler, which Flask's ``log_exception`` has logged already.
    """
    db.session.rollback()
    if not isinstance(error, InternalServerError):
        current_app.logger.error(
            "Unexpected error: %s: %s",
            type(error).__name__,
            error,
            exc_info=(type(error), error, error.__traceback__),
        )
    elif error.original_exception is None:
        current_app.logger.error("Internal server error: %s", error.description)
    return render_error(
        500,
        N_("Something went wrong"),
        N_(
            "The tracker hit an unexpected error and saved nothing. Try again; if it persists, "
            "tell the data desk and quote the reference below."
        ),
        reference=logs.request_id(),
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


def handle_transient_failure(error: OperationalError):
    """A save the database still refused after every retry (a deadlock or serialization
    failure that kept recurring, or SQLite locked past the busy timeout): ask the person to try
    again instead of showing a crash. Other operational errors stay errors."""
    if not is_transient(error):
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
    app.register_error_handler(OperationalError, handle_transient_failure)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.testing:
        app.register_error_handler(InternalServerError, handle_unexpected)
        app.register_error_handler(Exception, handle_unexpected)
