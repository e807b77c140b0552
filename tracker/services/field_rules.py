"""The rules every value obeys whichever door it came through, read off the model's columns.

A ``String(200)`` column takes at most 200 characters on one line; a ``Text`` column takes any
length and may keep line breaks and tabs; no column takes NUL or another control character
(PostgreSQL refuses NUL outright, SQLite would store it); a ``NOT NULL`` column without a
default must be given; an ``Integer`` fits the 32 bits PostgreSQL stores; a ``Text`` column
whose kind declares a limit (:mod:`tracker.kinds.declarations`) takes at most that many. The web forms say
the same beside each field, but only these rules stand between the CSV import, the CLI, quick
add or sign-in and the database, so :class:`~tracker.services.records.RecordService` applies
them to every create and update, each refusal naming the field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger, String, inspect
from sqlalchemy.orm import Mapper

from tracker.kinds.declarations import kind_of
from tracker.services.errors import RuleViolation
from tracker.services.wording import N_

#: what PostgreSQL's integer types hold; SQLite would store more and PostgreSQL fail the save
INTEGER_RANGES: tuple[tuple[type, tuple[int, int]], ...] = (
    (SmallInteger, (-(2**15), 2**15 - 1)),
    (BigInteger, (-(2**63), 2**63 - 1)),
    (Integer, (-(2**31), 2**31 - 1)),
)
LINE_BREAKS_AND_TABS = frozenset("\t\n\r")


@dataclass(frozen=True)
class ColumnRule:
    """What one column accepts."""

    name: str
    max_length: int | None = None
    is_text: bool = False
    one_line: bool = False
    required: bool = False
    integer_range: tuple[int, int] | None = None
    #: the relationship that may set this foreign key instead of its id
    relationship: str | None = None


@cache
def column_rules(model: type) -> Mapping[str, ColumnRule]:
    """The rule of every column of ``model`` a person can give a value for, by attribute name."""
    mapper: Mapper[Any] = inspect(model)
    setting_relationship = {
        column.key: relationship.key
        for relationship in mapper.relationships
        for column in relationship.local_columns
        if relationship.direction.name == "MANYTOONE"
    }
    kind = kind_of(model)
    declared = {spec.attribute: spec for spec in kind.fields} if kind is not None else {}
    rules: dict[str, ColumnRule] = {}
    for attribute in mapper.column_attrs:
        column = attribute.columns[0]
        if column.primary_key:
            continue
        column_type = column.type
        is_text = isinstance(column_type, String) and not hasattr(column_type, "enum_class")
        length = getattr(column_type, "length", None) if is_text else None
        spec = declared.get(attribute.key)
        limit = spec.max_length if spec is not None and spec.max_length else length
        integer_range = next(
            (
                bounds
                for integer_type, bounds in INTEGER_RANGES
                if isinstance(column_type, integer_type)
            ),
            None,
        )
        rules[attribute.key] = ColumnRule(
            name=attribute.key,
            max_length=limit,
            is_text=is_text,
            # String(n) is a single line (a name, a title); unsized Text keeps its paragraphs
            one_line=is_text and length is not None,
            required=not column.nullable
            and column.default is None
            and column.server_default is None,
            integer_range=integer_range,
            relationship=setting_relationship.get(column.key),
        )
    return rules


def check_text(
    value: str, field: str, *, max_length: int | None = None, one_line: bool = True
) -> None:
    """Refuse control characters (line breaks and tabs too when ``one_line``) and more than
    ``max_length`` characters, naming ``field``.

    :raise RuleViolation: with ``field`` set.
    """
    if has_control_characters(value, allow_line_breaks=not one_line):
        if not has_control_characters(value, allow_line_breaks=True):
            raise RuleViolation(
                N_("Keep this on one line: remove the line breaks and tabs."), field
            )
        raise RuleViolation(
            N_("Remove the invisible control characters (such as NUL) from this text."), field
        )
    if max_length is not None and len(value) > max_length:
        raise RuleViolation(
            N_("Use at most %(limit)s characters here (this has %(length)s)."),
            field,
            limit=max_length,
            length=len(value),
        )


def has_control_characters(value: str, *, allow_line_breaks: bool) -> bool:
    """Whether ``value`` holds a C0 control character (NUL, escape, bell...) or half of a
    surrogate pair, which no UTF-8 database can store."""
    return any(
        (ord(char) < 32 and not (allow_line_breaks and char in LINE_BREAKS_AND_TABS))
        or 0xD800 <= ord(char) <= 0xDFFF
        for char in value
    )


def check_values(model: type, values: Mapping[str, Any]) -> None:
    """Check each given value against its column: length, characters, integer range.

    :raise RuleViolation: naming the first field at fault.
    """
    rules = column_rules(model)
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None or value is None:
            continue
        if rule.is_text and isinstance(value, str):
            check_text(value, name, max_length=rule.max_length, one_line=rule.one_line)
        elif rule.integer_range is not None and _is_integer(value):
            minimum, maximum = rule.integer_range
            if not minimum <= value <= maximum:
                raise RuleViolation(
                    N_("Use a whole number between %(minimum)s and %(maximum)s."),
                    name,
                    minimum=minimum,
                    maximum=maximum,
                )


def check_required(model: type, record: Any, values: Mapping[str, Any]) -> None:
    """Every required column has a value, given now or already on ``record``.

    :raise RuleViolation: naming the first missing field.
    """
    for name, rule in column_rules(model).items():
        if not rule.required:
            continue
        if name in values:
            value = values[name]
            if value is None and rule.relationship is not None:
                value = values.get(rule.relationship)
        else:
            value = getattr(record, name, None)
            if value is None and rule.relationship is not None:
                # a relationship set but not yet flushed leaves its foreign key empty
                value = values.get(rule.relationship, getattr(record, rule.relationship, None))
        if value is None:
            raise RuleViolation(N_("Fill in this field: it is required."), name)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
