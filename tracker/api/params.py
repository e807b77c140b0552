"""Query parameters: each one parses itself, filters a query and describes itself in OpenAPI.

A bad value raises :class:`BadParameter`, which the API answers with 400 and a message naming
the parameter, never a 500 from the database.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from tracker.api.fields import JsonSchema
from tracker.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

#: The largest id a database integer column holds; larger ids cannot exist.
MAX_ID = 2_147_483_647


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


Filter = Callable[[Select, Any], Select]


@dataclass(frozen=True)
class Param:
    name: str
    schema: JsonSchema
    description: str
    parse: Callable[[str], Any]
    apply: Filter | None = None

    def value(self, raw: str) -> Any:
        try:
            return self.parse(raw)
        except ValueError as error:
            raise BadParameter(self.name, str(error)) from None

    def openapi(self) -> JsonSchema:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }


def parse_id(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise ValueError(f"expected a record id (a whole number from 1 to {MAX_ID}), got {raw!r}")
    return int(raw)


ID_SCHEMA: JsonSchema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def record_id(name: str, description: str, apply: Filter | None = None) -> Param:
    return Param(name, ID_SCHEMA, description, parse_id, apply)


def vocabulary(
    name: str, members: type[enum.StrEnum], description: str, apply: Filter | None = None
) -> Param:
    allowed = [member.value for member in members]

    def parse(raw: str) -> enum.StrEnum:
        try:
            return members(raw)
        except ValueError:
            raise ValueError(f"expected one of {', '.join(allowed)}; got {raw!r}") from None

    return Param(name, {"type": "string", "enum": allowed}, description, parse, apply)


def parse_timestamp(raw: str) -> dt.datetime:
    """An RFC 3339 / ISO 8601 timestamp; one without a zone is taken as UTC."""
    try:
        value = dt.datetime.fromisoformat(raw.strip().upper())
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(
            f"expected a timestamp such as 2025-04-12T09:30:00Z; got {raw!r}"
        ) from None


def parse_limit(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(f"expected a whole number from 1 to {MAX_LIMIT}; got {raw!r}")
    return int(raw)


LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    f"How many records per page (1 to {MAX_LIMIT}).",
    parse_limit,
)
CURSOR = Param(
    "cursor",
    {"type": "string"},
    "Where the page starts: the `next_cursor` of the previous page, passed back unchanged. "
    "A cursor only works with the list and `sort` it came from.",
    str,
)
