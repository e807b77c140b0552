"""Which service writes each kind of record, looked up by kind ("round") or by model.

The record services (a delete cascading to other kinds), the history (restore, rollback, the
labels of related records) and the pages find a service here. The list is explicit, in
:data:`tracker.services.record_kinds.RECORD_SERVICES`, and ``create_app`` installs it: nothing
registers itself as a side effect of being imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tracker.services.errors import RecordNotFound

if TYPE_CHECKING:
    from tracker.services.records import RecordService

#: kind -> the service of that kind of record, as :func:`install` last set it
_SERVICES: dict[str, RecordService[Any]] = {}


def install(services: Iterable[RecordService[Any]]) -> None:
    """Make ``services`` the ones every lookup finds; installing the same list again is harmless.

    :raise ValueError: when two services claim the same kind.
    """
    by_kind: dict[str, RecordService[Any]] = {}
    for service in services:
        if by_kind.setdefault(service.kind, service) is not service:
            raise ValueError(f"Two services for the kind {service.kind!r}.")
    _SERVICES.clear()
    _SERVICES.update(by_kind)


def service_for(kind: str) -> RecordService[Any]:
    """The service of a kind of record ("round", "source").

    :raise RecordNotFound: when no service handles that kind.
    """
    try:
        return _SERVICES[kind]
    except KeyError:
        raise RecordNotFound("kind of record", kind) from None


def service_for_model(model: type) -> RecordService[Any] | None:
    """The service that writes records of ``model``, or ``None`` for a model no service owns
    (a link table's row, a timeline entry)."""
    return next((service for service in _SERVICES.values() if service.model is model), None)
