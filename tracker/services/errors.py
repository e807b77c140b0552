"""Domain errors: what the web, the API and the CLI each turn into a message for a person."""

from __future__ import annotations

from tracker.services.wording import N_


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""


class RuleViolation(ServiceError):
    """A newsroom rule refused the change; ``field`` names the form field to blame, if any.

    ``template`` is the English wording marked with ``N_`` and ``params`` the values it names
    (``%(number)s``), kept apart so a page can translate the wording before filling them in;
    ``message`` is the English with the values filled in, for the API, the CLI and the logs.
    """

    def __init__(self, template: str, field: str | None = None, **params: object) -> None:
        message = template % params if params else template
        super().__init__(message)
        self.template = template
        self.params = params
        self.message = message
        self.field = field


class RecordNotFound(ServiceError):
    def __init__(self, kind: str, identifier: object) -> None:
        super().__init__(f"No {kind} with id {identifier}.")
        self.kind = kind
        self.identifier = identifier


class StaleRecord(ServiceError):
    """The record changed since the editor loaded it; saving would overwrite someone's edit."""

    def __init__(self, record: object, expected_version: int | None) -> None:
        super().__init__(N_("Someone else saved this record after you opened it."))
        self.record = record
        self.expected_version = expected_version


class PermissionDenied(ServiceError):
    pass
