"""Logging for people running the tracker: every line says which request, user and path it
came from, so an unexpected error quoted by a reporter ("reference 3f9c…") can be found.

Lines are readable text by default and JSON objects with ``LOG_FORMAT = "json"`` (for log
collectors), written to standard error, where gunicorn and systemd pick them up.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"

#: An id a load balancer already gave the request is kept, if it cannot smuggle anything into
#: a log line.
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [request %(request_id)s user %(user)s "
    "%(method)s %(path)s] %(message)s"
)
JSON_FIELDS = (
    "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user)s %(method)s %(path)s"
)
HANDLER_NAME = "tracker"


def request_id() -> str:
    """This request's id: the one the load balancer sent, or a new one, fixed for the request."""
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    return g.request_id


def assign_request_id() -> None:
    request_id()


def send_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


def _signed_in_user() -> str:
    # Only a user already loaded for this request: logging must never query the database,
    # which may be the very thing that failed.
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return getattr(user, "email", "anonymous")


class RequestContext(logging.Filter):
    """Adds ``request_id``, ``user``, ``method`` and ``path`` to every record ("-" outside a
    request, e.g. in CLI commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.user = _signed_in_user()
            record.method = request.method
            record.path = request.path
        else:
            for name in ("request_id", "user", "method", "path"):
                if not hasattr(record, name):
                    setattr(record, name, "-")
        return True


def make_formatter(log_format: str) -> logging.Formatter:
    """A JSON formatter (the traceback in ``exc_info``) for ``"json"``, else readable text."""
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS)
    if log_format != "text":
        raise RuntimeError(f"TRACKER_LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
    return logging.Formatter(TEXT_FORMAT)


def init_app(app: Flask) -> None:
    """Give the app's logger one handler on standard error in the configured format, replacing
    Flask's default one (and the one an earlier app of this process installed)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(make_formatter(str(app.config.get("LOG_FORMAT") or "text")))
    handler.addFilter(RequestContext())
    logger = app.logger
    for old in list(logger.handlers):
        if old is default_handler or old.get_name() == HANDLER_NAME:
            logger.removeHandler(old)
    logger.addHandler(handler)
    if not any(isinstance(existing, RequestContext) for existing in logger.filters):
        logger.addFilter(RequestContext())  # for handlers above this one (test capture, too)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    app.before_request(assign_request_id)
    app.after_request(send_request_id)
