"""What a kind of record is, as plain data: its fields, their labels, limits, vocabularies and
references, and where each one appears.

A declaration names each field once and says only what its column cannot: the label, the CSV
header when it differs from the attribute, where it is deliberately not shown and why, and a
limit a ``Text`` column does not carry. :func:`declare` reads the rest off the SQLAlchemy
mapping (``String(200)`` gives a limit of 200, a nullable column is optional, an ``Enum`` gives
the vocabulary, a foreign key the kind it refers to). The forms, the services' field rules, the
pages, the API, the CSV export and the importer read the result; none of them lists fields.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Text, Time, inspect
from sqlalchemy.orm import Mapper

from tracker.db import Record
from tracker.models.enums import Label

FORM = "form"
LIST = "list"
DETAIL = "detail"
CSV = "csv"
API = "api"
IMPORT = "import"
#: where a field appears unless its declaration says why not (list pages choose their columns)
SURFACES: tuple[str, ...] = (FORM, DETAIL, CSV, API, IMPORT)
#: columns every record has; the API's record block and the CSV's ``uid`` carry them
BOOKKEEPING = frozenset({"id", "uid", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind of record: a column, or a many-to-many relationship."""

    #: the model attribute: a column (``speaker_id``) or a relationship (``sources``)
    attribute: str
    #: English, marked for the catalogue; each door shows it translated
    label: str
    #: text, long_text, integer, number, date, time, datetime, boolean, choice, reference,
    #: references
    type: str = ""
    max_length: int | None = None
    #: must be given: its column is ``NOT NULL`` without a default
    required: bool = False
    #: may be empty (``null`` in the API)
    nullable: bool = True
    vocabulary: builtins.type[Label] | None = None
    #: the model a reference (or references) points at
    refers_to: builtins.type | None = None
    #: the relationship a reference is read through (``speaker`` for ``speaker_id``)
    relationship: str | None = None
    #: the key the service takes (``source_ids`` for ``sources``)
    value_key: str = ""
    #: the CSV headers it fills; a reference reads as its record's name
    csv: tuple[str, ...] = ()
    #: the API field's name (a reference is a link named after its relationship)
    api: str = ""
    #: what the API document says of it
    doc: str | None = None
    #: surface -> why the field is not there
    omitted: Mapping[str, str] = field(default_factory=dict)
    #: what the column holds when nothing is given (an import's blank cell)
    default: Any = None

    def shown_in(self, surface: str) -> bool:
        return surface not in self.omitted

    @property
    def is_column(self) -> bool:
        return self.type != "references"


@dataclass(frozen=True)
class Kind:
    """One kind of record, declared once."""

    #: the CSV export, import and API resource name: "statements"
    name: str
    model: type[Record]
    #: the :class:`~tracker.services.records.RecordService` ``kind`` that writes it
    service_kind: str
    label: str
    fields: tuple[FieldSpec, ...]
    #: surface -> why this kind has none (accounts are never exported)
    omitted: Mapping[str, str] = field(default_factory=dict)

    def field(self, attribute: str) -> FieldSpec:
        for spec in self.fields:
            if attribute in (spec.attribute, spec.value_key):
                return spec
        raise KeyError(f"{self.name} declares no field {attribute!r}")

    def on(self, surface: str) -> tuple[FieldSpec, ...]:
        """The fields shown on ``surface``, in declaration order (the CSV's column order)."""
        if surface in self.omitted:
            return ()
        return tuple(spec for spec in self.fields if spec.shown_in(surface))


def field_(
    attribute: str,
    label: str,
    *,
    csv: tuple[str, ...] | str | None = None,
    api: str | None = None,
    max_length: int | None = None,
    value_key: str | None = None,
    doc: str | None = None,
    omit: Mapping[str, str] | None = None,
    filled_in_by_the_service: bool = False,
) -> FieldSpec:
    """A field as declared: what its column cannot say. :func:`declare` fills in the rest.

    ``filled_in_by_the_service`` marks a ``NOT NULL`` column a person may leave blank (a slug
    made from the title)."""
    return FieldSpec(
        attribute=attribute,
        label=label,
        required=not filled_in_by_the_service,
        max_length=max_length,
        csv=(csv,) if isinstance(csv, str) else (csv or ()),
        api=api or "",
        value_key=value_key or "",
        doc=doc,
        omitted=dict(omit or {}),
    )


def declare(
    name: str,
    model: type[Record],
    service_kind: str,
    label: str,
    fields: list[FieldSpec],
    omit: Mapping[str, str] | None = None,
) -> Kind:
    """A kind whose fields are completed from ``model``'s columns and relationships.

    :raise ValueError: when a declared attribute is neither a column nor a relationship.
    """
    mapper: Mapper[Any] = inspect(model)
    return Kind(
        name=name,
        model=model,
        service_kind=service_kind,
        label=label,
        fields=tuple(_complete(mapper, spec) for spec in fields),
        omitted=dict(omit or {}),
    )


def _complete(mapper: Mapper[Any], spec: FieldSpec) -> FieldSpec:
    if spec.attribute in mapper.relationships:
        relationship = mapper.relationships[spec.attribute]
        target = relationship.mapper.class_
        return replace(
            spec,
            type="references",
            required=False,
            nullable=False,
            refers_to=target,
            relationship=spec.attribute,
            value_key=spec.value_key or f"{spec.attribute.removesuffix('s')}_ids",
            csv=spec.csv or (spec.attribute,),
            api=spec.api or spec.attribute,
        )
    if spec.attribute not in mapper.columns:
        raise ValueError(f"{mapper.class_.__name__} has no column or relationship {spec.attribute}")
    column = mapper.columns[spec.attribute]
    column_type = column.type
    vocabulary = getattr(column_type, "enum_class", None)
    default = getattr(column.default, "arg", None)
    reference = next(
        (
            relationship
            for relationship in mapper.relationships
            if relationship.direction.name == "MANYTOONE"
            and [local.key for local in relationship.local_columns] == [column.key]
        ),
        None,
    )
    derived: dict[str, Any] = {
        "required": spec.required and not column.nullable and column.default is None,
        "nullable": bool(column.nullable),
        "default": default.value if isinstance(default, enum.Enum) else default,
        "value_key": spec.value_key or spec.attribute,
    }
    if reference is not None:
        derived |= {
            "type": "reference",
            "refers_to": reference.mapper.class_,
            "relationship": reference.key,
            "csv": spec.csv or (reference.key,),
            "api": spec.api or reference.key,
        }
    else:
        derived |= {
            "type": _type_of(column_type, vocabulary),
            "vocabulary": vocabulary,
            "csv": spec.csv or (spec.attribute,),
            "api": spec.api or spec.attribute,
        }
        if vocabulary is None and isinstance(column_type, String):
            derived["max_length"] = spec.max_length or column_type.length
    return replace(spec, **derived)


def _type_of(column_type: Any, vocabulary: type | None) -> str:
    if vocabulary is not None:
        return "choice"
    for sql_type, name in (
        (Boolean, "boolean"),
        (Integer, "integer"),
        (Float, "number"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Time, "time"),
    ):
        if isinstance(column_type, sql_type) or isinstance(
            getattr(column_type, "impl", None), sql_type
        ):
            return name
    if isinstance(column_type, Text) or (
        isinstance(column_type, String) and column_type.length is None
    ):
        return "long_text"
    return "text"
