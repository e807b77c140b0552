"""Cursor pagination: keyset on (sort key, id), so a page never skips or repeats a record
when others are added meanwhile, and page 1,000 costs what page 1 does.

The cursor is signed: a client can only hand back what the API gave it, and a cursor made for
one list or sort order is refused by another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadCursor(ValueError):
    """The cursor was not made by this API for this list and order."""


@dataclass(frozen=True)
class Page:
    records: list[Any]
    next_cursor: str | None


def _serializer() -> URLSafeSerializer:
    # the configuration always holds a key (tracker.config's default); ``secret_key`` may be None
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tracker.api.cursor")


def _encode_key(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _decode_key(value: Any, column: InstrumentedAttribute) -> Any:
    if value is None:
        return None
    # A TypeDecorator (UTCDateTime) reports ``object``; the type it wraps knows better.
    python_type = getattr(column.type, "impl", column.type).python_type
    try:
        if python_type is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if python_type is dt.date:
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise BadCursor from error
    if not isinstance(value, python_type):
        raise BadCursor
    return value


def sign(scope: str, *position: Any) -> str:
    """An opaque cursor holding ``position`` (JSON values), valid for ``scope`` alone."""
    return _serializer().dumps([scope, *position])


def unsign(text: str, scope: str, size: int) -> list[Any]:
    """The ``size`` position values of a cursor made by :func:`sign` for ``scope``.

    :raise BadCursor: when the cursor was altered or made for another list or order.
    """
    try:
        payload = _serializer().loads(text)
    except BadSignature as error:
        raise BadCursor from error
    if not (isinstance(payload, list) and len(payload) == size + 1 and payload[0] == scope):
        raise BadCursor
    return payload[1:]


def whole_number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadCursor
    return value


def make_cursor(scope: str, sort_value: Any, record_id: int) -> str:
    return sign(scope, _encode_key(sort_value), record_id)


def read_cursor(text: str, scope: str, column: InstrumentedAttribute) -> tuple[Any, int]:
    """:raise BadCursor: when ``text`` was not issued for ``scope`` (list and sort order)."""
    key, record_id = unsign(text, scope, 2)
    return _decode_key(key, column), whole_number(record_id)


def after(column: InstrumentedAttribute, id_column: InstrumentedAttribute, key: Any, last_id: int):
    """Rows after (key, last_id) in the order ``column NULLS LAST, id``."""
    if key is None:
        return and_(column.is_(None), id_column > last_id)
    return or_(column > key, and_(column == key, id_column > last_id), column.is_(None))


def paginate(
    session: Session,
    statement: Select,
    *,
    scope: str,
    column: InstrumentedAttribute,
    id_column: InstrumentedAttribute,
    limit: int,
    cursor: str | None,
) -> Page:
    """One page of ``statement`` ordered by ``column`` then id.

    :raise BadCursor: when the cursor does not belong to this list and order.
    """
    if cursor is not None:
        key, last_id = read_cursor(cursor, scope, column)
        statement = statement.where(after(column, id_column, key, last_id))
    statement = statement.order_by(column.asc().nulls_last(), id_column.asc()).limit(limit + 1)
    records = list(session.scalars(statement).unique())
    if len(records) <= limit:
        return Page(records, None)
    records = records[:limit]
    last = records[-1]
    return Page(records, make_cursor(scope, getattr(last, column.key), last.id))
