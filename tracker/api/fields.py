"""Field definitions that are at once a record's serialiser and its JSON Schema.

A resource lists its :class:`Field` objects once; :func:`serialise` reads values through them
and :mod:`tracker.api.openapi` publishes their schemas, so the document and the responses
cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from flask import url_for

from tracker.kinds.spec import API, FieldSpec, Kind

JsonSchema = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    schema: JsonSchema
    read: Callable[[Any], Any]


def nullable(schema: JsonSchema, allow_null: bool) -> JsonSchema:
    if not allow_null:
        return schema
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def described(schema: JsonSchema, description: str | None) -> JsonSchema:
    return {**schema, "description": description} if description else schema


def _plain(name: str, schema: JsonSchema, attribute: str | None, allow_null: bool, doc: str | None):
    return Field(
        name,
        described(nullable(schema, allow_null), doc),
        attrgetter(attribute or name),
    )


def text(
    name: str, *, attribute: str | None = None, null: bool = False, doc: str | None = None
) -> Field:
    return _plain(name, {"type": "string"}, attribute, null, doc)


def integer(
    name: str, *, attribute: str | None = None, null: bool = False, doc: str | None = None
) -> Field:
    return _plain(name, {"type": "integer"}, attribute, null, doc)


def number(name: str, *, null: bool = False, doc: str | None = None) -> Field:
    return _plain(name, {"type": "number"}, None, null, doc)


def _iso(value: dt.date | dt.datetime | dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


def day(name: str, *, null: bool = True, doc: str | None = None) -> Field:
    schema = nullable({"type": "string", "format": "date"}, null)
    return Field(name, described(schema, doc), lambda record: _iso(getattr(record, name)))


def moment(name: str, *, null: bool = False, doc: str | None = None) -> Field:
    schema = nullable({"type": "string", "format": "date-time"}, null)
    return Field(name, described(schema, doc), lambda record: _iso(getattr(record, name)))


def choice(
    name: str, vocabulary: type[enum.StrEnum], *, null: bool = False, doc: str | None = None
) -> Field:
    values: list[Any] = [member.value for member in vocabulary]
    schema: JsonSchema = {"type": "string", "enum": values}
    if null:
        schema = {"type": ["string", "null"], "enum": [*values, None]}

    def read(record: Any) -> str | None:
        value = getattr(record, name)
        return None if value is None else value.value

    return Field(name, described(schema, doc), read)


# -- links between records -----------------------------------------------------------------

#: model class -> (resource name, how a link to it reads); filled by tracker.api.resources
LINKABLE: dict[type, tuple[str, Callable[[Any], str]]] = {}

REF_SCHEMA: JsonSchema = {
    "type": "object",
    "description": "A link to another record: enough to name it and to fetch it.",
    "properties": {
        "id": {"type": "integer"},
        "uid": {"type": "string", "format": "uuid"},
        "label": {"type": "string"},
        "api_url": {"type": "string", "description": "The record in this API."},
    },
    "required": ["id", "uid", "label", "api_url"],
    "additionalProperties": False,
}
REF = {"$ref": "#/components/schemas/Ref"}


def link(record: Any) -> dict[str, Any] | None:
    if record is None:
        return None
    resource, label = LINKABLE[type(record)]
    return {
        "id": record.id,
        "uid": str(record.uid),
        "label": label(record),
        "api_url": url_for(f"api.{resource}_by_id", record_id=record.id),
    }


def ref(
    name: str,
    *,
    read: Callable[[Any], Any] | None = None,
    null: bool = True,
    doc: str | None = None,
) -> Field:
    get = read or attrgetter(name)
    return Field(name, described(nullable(REF, null), doc), lambda record: link(get(record)))


def refs(name: str, *, doc: str | None = None) -> Field:
    def read(record: Any) -> list[dict[str, Any] | None]:
        return [link(item) for item in getattr(record, name)]

    return Field(name, described({"type": "array", "items": REF}, doc), read)


def nested(name: str, fields: Iterable[Field], *, doc: str | None = None) -> Field:
    """A list of small objects inside the record (a person's titles, a round's delegates)."""
    fields = tuple(fields)
    schema = {"type": "array", "items": object_schema(fields)}

    def read(record: Any) -> list[dict[str, Any]]:
        return [serialise(fields, item) for item in getattr(record, name)]

    return Field(name, described(schema, doc), read)


# -- the shared blocks ---------------------------------------------------------------------

VAGUE_DATE_SCHEMA: JsonSchema = {
    "type": "object",
    "description": (
        "A date as reported, often vague. `edtf` is what the editor entered (Extended Date/Time "
        "Format, e.g. `2025-04-12`, `2025-05?`, `2025-04-19/2025-04-20`); `earliest` and "
        "`latest` bound it; `display` is how the tracker's pages word it."
    ),
    "properties": {
        "edtf": {"type": ["string", "null"]},
        "earliest": {"type": ["string", "null"], "format": "date"},
        "latest": {"type": ["string", "null"], "format": "date"},
        "time": {"type": ["string", "null"], "description": "Local time, HH:MM:SS."},
        "timezone": {"type": ["string", "null"], "description": "IANA zone of `time`."},
        "text": {"type": ["string", "null"], "description": "The wording the source used."},
        "display": {"type": "string"},
    },
    "required": ["edtf", "earliest", "latest", "time", "timezone", "text", "display"],
    "additionalProperties": False,
}


def vague_date(name: str = "when") -> Field:
    def read(record: Any) -> dict[str, Any]:
        return {
            "edtf": record.when_edtf,
            "earliest": _iso(record.when_earliest),
            "latest": _iso(record.when_latest),
            "time": _iso(record.when_time),
            "timezone": record.when_timezone,
            "text": record.when_text,
            "display": record.when_display,
        }

    return Field(name, {"$ref": "#/components/schemas/VagueDate"}, read)


def record_fields(resource: str) -> list[Field]:
    """What every record carries: its ids, its URL, its version and when it was touched."""
    return [
        integer("id"),
        Field(
            "uid",
            {
                "type": "string",
                "format": "uuid",
                "description": "Stable across exports and re-imports, unlike `id`.",
            },
            lambda record: str(record.uid),
        ),
        Field(
            "api_url",
            {"type": "string", "description": "This record in the API."},
            lambda record: url_for(f"api.{resource}_by_id", record_id=record.id),
        ),
        integer("version", doc="Goes up by one with every saved change."),
        moment("created_at"),
        moment("updated_at"),
    ]


def object_schema(fields: Iterable[Field], description: str | None = None) -> JsonSchema:
    fields = tuple(fields)
    names = [field.name for field in fields]
    if len(set(names)) != len(names):
        raise ValueError(f"Two fields share a name in {names}")
    schema: JsonSchema = {
        "type": "object",
        "properties": {field.name: field.schema for field in fields},
        "required": [field.name for field in fields],
        "additionalProperties": False,
    }
    return described(schema, description)


def serialise(fields: Iterable[Field], record: Any) -> dict[str, Any]:
    return {field.name: field.read(record) for field in fields}


# -- fields read from a kind's declaration ---------------------------------------------------


def declared(spec: FieldSpec) -> Field:
    """The API field of one declared field, its schema read from the column's type."""
    name, null, doc = spec.api, spec.nullable, spec.doc
    if spec.attribute == "when_edtf":
        return vague_date(name)
    if spec.type == "reference":
        return ref(name, null=null, doc=doc)
    if spec.type == "references":
        return refs(name, doc=doc)
    if spec.type == "choice" and spec.vocabulary is not None:
        return choice(name, spec.vocabulary, null=null, doc=doc)
    if spec.type == "integer":
        return integer(name, attribute=spec.attribute, null=null, doc=doc)
    if spec.type == "number":
        return number(name, null=null, doc=doc)
    if spec.type == "date":
        return day(name, null=null, doc=doc)
    if spec.type == "datetime":
        return moment(name, null=null, doc=doc)
    if spec.type in ("text", "long_text"):
        return text(name, attribute=spec.attribute, null=null, doc=doc)
    raise ValueError(f"No API field for a {spec.type} ({spec.attribute})")


def kind_fields(
    kind: Kind,
    *,
    replace: Mapping[str, Field] | None = None,
    after: Mapping[str, Sequence[Field]] | None = None,
    then: Sequence[Field] = (),
) -> list[Field]:
    """A resource's fields: the record block, then every field ``kind`` shows in the API in
    its declared order; ``replace`` gives a field read otherwise (by API name), ``after``
    fields the record computes (a round's label), ``then`` nested lists at the end."""
    replace, after = replace or {}, after or {}
    unknown = (set(replace) | set(after)) - {spec.api for spec in kind.on(API)}
    if unknown:
        raise ValueError(f"{kind.name} shows no {sorted(unknown)} in the API")
    fields = record_fields(kind.name)
    for spec in kind.on(API):
        fields.append(replace.get(spec.api) or declared(spec))
        fields.extend(after.get(spec.api, ()))
    return [*fields, *then]
