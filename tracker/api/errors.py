"""Every answer under ``/api`` that is not a success is JSON with a message a person can act on.

The shape matches the app's other JSON errors: ``{"error": {"status", "title", "message"}}``.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

from tracker.api.fields import JsonSchema
from tracker.api.pagination import BadCursor
from tracker.api.params import BadParameter
from tracker.extensions import db
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation, StaleRecord

ERROR_SCHEMA: JsonSchema = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status code again."},
                "title": {"type": "string"},
                "message": {"type": "string", "description": "What went wrong and what to do."},
            },
            "required": ["status", "title", "message"],
            "additionalProperties": False,
        }
    },
    "required": ["error"],
    "additionalProperties": False,
}


def error_response(status: int, title: str, message: str) -> Response:
    response = jsonify(error={"status": status, "title": title, "message": message})
    response.status_code = status
    return response


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    response = error_response(code, error.name, error.description or error.name)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _bad_parameter(error: BadParameter) -> Response:
    return error_response(400, "Bad Request", f"Parameter {error.name!r}: {error.message}.")


def _bad_cursor(_error: BadCursor) -> Response:
    return error_response(
        400,
        "Bad Request",
        "Parameter 'cursor': this cursor was not issued for this list and sort order. Pass "
        "back the next_cursor of the previous page unchanged, or leave it out to start over.",
    )


def _not_found(error: RecordNotFound) -> Response:
    return error_response(404, "Not Found", str(error))


def _forbidden(error: PermissionDenied) -> Response:
    return error_response(403, "Forbidden", str(error) or "You may not do this.")


def _conflict(error: StaleRecord) -> Response:
    db.session.rollback()
    return error_response(409, "Conflict", str(error))


def _rule_violation(error: RuleViolation) -> Response:
    db.session.rollback()
    return error_response(400, "Bad Request", error.message)


def register(bp: Blueprint) -> None:
    bp.register_error_handler(HTTPException, _http_error)
    bp.register_error_handler(BadParameter, _bad_parameter)
    bp.register_error_handler(BadCursor, _bad_cursor)
    bp.register_error_handler(RecordNotFound, _not_found)
    bp.register_error_handler(PermissionDenied, _forbidden)
    bp.register_error_handler(StaleRecord, _conflict)
    bp.register_error_handler(RuleViolation, _rule_violation)
