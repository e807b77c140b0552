"""The read-only JSON API under ``/api``: one list and two look-ups (by id, by uid) per resource.

Views are marked public for the sign-in gate, which would redirect to the login page; the API
does its own authentication and answers 401 JSON instead.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import NotFound

from tracker.api import errors
from tracker.api import timeline as api_timeline
from tracker.api.auth import load_user_from_request, require_caller
from tracker.api.openapi import document
from tracker.api.pagination import DEFAULT_LIMIT, paginate
from tracker.api.params import MAX_ID, BadParameter, Param
from tracker.api.resources import RESOURCES, Resource
from tracker.extensions import csrf, db, login_manager
from tracker.http_access import public

bp = Blueprint("api", __name__, url_prefix="/api")
errors.register(bp)
csrf.exempt(bp)
bp.record_once(lambda _state: login_manager.request_loader(load_user_from_request))

OPENAPI_ENDPOINT = "api.openapi_document"


@bp.before_request
def authenticate() -> None:
    if request.endpoint != OPENAPI_ENDPOINT:
        require_caller()


@bp.after_request
def never_cache(response: Response) -> Response:
    """Answers depend on who asks: shared caches must not keep them."""
    response.headers["Cache-Control"] = "private, no-store"
    response.vary.update(("Authorization", "Cookie"))
    return response


@bp.get("/openapi.json")
@public
def openapi_document() -> Response:
    """The OpenAPI 3.1 description of this API, readable without signing in."""
    return jsonify(document())


def read_params(params: list[Param]) -> dict[str, Any]:
    """The query string parsed by ``params``.

    :raise BadParameter: for an unknown or repeated parameter or a bad value, so that a typo
        such as ``negotation=3`` is reported instead of silently returning everything.
    """
    known = {param.name: param for param in params}
    values: dict[str, Any] = {}
    for name in request.args:
        if name not in known:
            allowed = ", ".join(known)
            raise BadParameter(name, f"not a parameter of this list; use {allowed}")
        raw = request.args.getlist(name)
        if len(raw) > 1:
            raise BadParameter(name, "give it once")
        values[name] = known[name].value(raw[0])
    return values


def next_page_url(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    args: dict[str, Any] = request.args.to_dict()
    args["cursor"] = cursor
    return url_for(request.endpoint or "", **args)


def list_records(resource: Resource) -> Response:
    params = resource.list_params()
    values = read_params(params)
    statement = resource.query()
    for param in params:
        if param.apply is not None and param.name in values:
            statement = param.apply(statement, values[param.name])
    sort = values.get("sort", resource.default_sort)
    page = paginate(
        db.session,
        statement,
        scope=f"{resource.name}:{sort}",
        column=resource.sorts[sort],
        id_column=resource.model.id,
        limit=values.get("limit", DEFAULT_LIMIT),
        cursor=values.get("cursor"),
    )
    return jsonify(
        items=[resource.serialise(record) for record in page.records],
        next_cursor=page.next_cursor,
        next=next_page_url(page.next_cursor),
    )


def record_by_id(resource: Resource, record_id: int) -> Response:
    read_params([])
    record = db.session.get(resource.model, record_id, options=resource.load)
    if record is None:
        raise NotFound(f"There is no {resource.singular} with id {record_id}.")
    return jsonify(resource.serialise(record))


def record_by_uid(resource: Resource, uid: uuid.UUID) -> Response:
    read_params([])
    record = db.session.scalar(resource.query().where(resource.model.uid == uid))
    if record is None:
        raise NotFound(f"There is no {resource.singular} with uid {uid}.")
    return jsonify(resource.serialise(record))


@bp.get("/v1/timeline")
@public
def timeline() -> Response:
    """The timeline page's stream as JSON: same filters, same search, same order."""
    values = read_params(api_timeline.PARAMS)
    query = api_timeline.build_query(values, request.args.to_dict())
    items, cursor = api_timeline.entries_page(
        db.session, query, values.get("limit", DEFAULT_LIMIT), values.get("cursor")
    )
    return jsonify(
        items=[api_timeline.serialise(item) for item in items],
        next_cursor=cursor,
        next=next_page_url(cursor),
    )


def _add_routes(resource: Resource) -> None:
    def listing() -> Response:
        return list_records(resource)

    def by_id(record_id: int) -> Response:
        return record_by_id(resource, record_id)

    def by_uid(uid: uuid.UUID) -> Response:
        return record_by_uid(resource, uid)

    base = f"/v1/{resource.name}"
    bp.add_url_rule(base, f"{resource.name}_list", public(listing))
    bp.add_url_rule(
        f"{base}/<int(min=1, max={MAX_ID}):record_id>", f"{resource.name}_by_id", public(by_id)
    )
    bp.add_url_rule(f"{base}/by-uid/<uuid:uid>", f"{resource.name}_by_uid", public(by_uid))


for _resource in RESOURCES:
    _add_routes(_resource)
