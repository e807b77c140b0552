"""What templates may call: filters for dates, countries and statuses, and record links."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for

from tracker import models
from tracker.i18n import country

#: model class -> the endpoint that shows one record of it
DETAIL_ENDPOINTS: dict[type, str] = {}


def record_url(record: Any) -> str | None:
    """The page of ``record``, whatever its kind, or ``None`` when it has none."""
    endpoint = DETAIL_ENDPOINTS.get(type(record))
    if endpoint is None or record is None:
        return None
    return url_for(endpoint, record_id=record.id)


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register(app: Flask) -> None:
    app.jinja_env.filters["country"] = country
    app.jinja_env.globals.update(
        record_url=record_url,
        url_with=url_with,
        RoundStatus=models.RoundStatus,
        Verification=models.Verification,
        UserRole=models.UserRole,
    )
