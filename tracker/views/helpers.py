"""What templates may call: filters for dates, countries and statuses, and record links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g, request, url_for
from flask_babel import gettext

from tracker import models
from tracker.extensions import db
from tracker.i18n import country, current_language
from tracker.i18n import round_name as round_label
from tracker.services.negotiations import several_negotiations
from tracker.services.schedule import describe_change

#: where ``register`` keeps the app's model class -> the endpoint showing one record of it
DETAIL_ENDPOINTS_KEY = "tracker.detail_endpoints"


def detail_endpoint(model: type) -> str | None:
    """The endpoint of the page that shows one record of ``model``, if it has one."""
    return current_app.extensions[DETAIL_ENDPOINTS_KEY].get(model)


def record_url(record: Any) -> str | None:
    """The page of ``record``, whatever its kind, or ``None`` when it has none."""
    endpoint = detail_endpoint(type(record))
    if endpoint is None or record is None:
        return None
    return url_for(endpoint, record_id=record.id)


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (``None`` removes one)."""
    if request.endpoint is None:
        raise RuntimeError("url_with() needs a request that matched a route")
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def schedule_change(change: models.RoundScheduleChange) -> str:
    """A round's schedule change in the reader's language, worded as in the feeds."""
    return describe_change(change, gettext, current_language().code)


def round_name(round_: models.Round) -> str:
    """A round's label in the reader's language, naming its negotiation once the tracker
    follows more than one ("Round 3 — Iran–US talks 2026")."""
    if "several_negotiations" not in g:
        g.several_negotiations = several_negotiations(db.session)
    label = round_label(round_)
    return f"{label} — {round_.negotiation.title}" if g.several_negotiations else label


def register(app: Flask, detail_endpoints: Mapping[type, str]) -> None:
    """Template filters and globals; ``detail_endpoints`` (model -> endpoint) is what
    :func:`record_url` links records by."""
    app.extensions[DETAIL_ENDPOINTS_KEY] = dict(detail_endpoints)
    app.jinja_env.filters["country"] = country
    app.jinja_env.filters["round_name"] = round_name
    app.jinja_env.filters["round_label"] = round_label
    app.jinja_env.globals.update(
        record_url=record_url,
        url_with=url_with,
        schedule_change=schedule_change,
        round_name=round_name,
        RoundStatus=models.RoundStatus,
        Verification=models.Verification,
        UserRole=models.UserRole,
    )
