"""CSV lines built by the database itself, so exports stream at the speed of the query.

Python that formats one row at a time is three times slower than ``sqlite3 -csv``; letting
SQL build each finished, quoted, formula-safe line leaves Python only to join lines into
chunks. On SQLite a line is one ``printf()`` call over the row's values (``%w`` doubles double
quotes); PostgreSQL concatenates quoted cells with ``||``.

Formula injection: a text cell whose first character is one of ``= + - @``, a tab, a carriage
return or an apostrophe gets one apostrophe in front, so no spreadsheet runs it as a formula.
The rule is reversible: every cell that starts with an apostrophe had one added, so dropping
the first character of such a cell gives the original text (see :func:`restore_cell`).
Empty text is written as ``""``, a missing number or date as an empty cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    SQLColumnExpression,
    String,
    Time,
    TypeDecorator,
    Uuid,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

#: first characters a spreadsheet reads as the start of a formula, and the guard itself
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
LIST_SEPARATOR = " | "
UUID_GROUPS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
_SQL_APOSTROPHE: ColumnElement[str] = literal_column("''''")
_SQL_EMPTY: ColumnElement[str] = literal_column("''")


def neutralise_cell(value: str) -> str:
    """The Python twin of the SQL guard, for exports built outside SQL."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def restore_cell(value: str) -> str:
    """Undo :func:`neutralise_cell`: what a data reader (and the importer) does with a cell."""
    return value[1:] if value.startswith("'") else value


@dataclass(frozen=True)
class CsvColumn:
    """One column of an export: its header, the SQL value, and how to write it."""

    header: str
    value: ColumnElement[Any]
    #: text, code (a vocabulary value: never quoted or guarded), integer, number, date,
    #: datetime, time, uuid, boolean
    kind: str = "text"

    @classmethod
    def of(cls, header: str, value: Any) -> CsvColumn:
        """Guess ``kind`` from the column type, so table exports need no description."""
        column_type = getattr(value, "type", None)
        if isinstance(column_type, Boolean):
            kind = "boolean"
        elif isinstance(column_type, Integer):
            kind = "integer"
        elif isinstance(column_type, Float):
            kind = "number"
        elif isinstance(column_type, DateTime) or (
            isinstance(column_type, TypeDecorator) and isinstance(column_type.impl, DateTime)
        ):
            kind = "datetime"
        elif isinstance(column_type, Date):
            kind = "date"
        elif isinstance(column_type, Time):
            kind = "time"
        elif isinstance(column_type, Uuid):
            kind = "uuid"
        elif isinstance(column_type, Enum):
            kind = "code"
        else:
            kind = "text"
        return cls(header, value, kind)


def _neutralised(value: ColumnElement[Any]) -> ColumnElement[str]:
    first = func.substr(value, 1, 1)
    return case((first.in_(FORMULA_STARTS), literal("'") + value), else_=value)


def _quoted(value: ColumnElement[Any]) -> ColumnElement[str]:
    """PostgreSQL: a double-quoted, escaped and guarded cell (``""`` for no text)."""
    escaped = func.replace(_neutralised(func.coalesce(value, "")), '"', '""')
    return literal('"') + escaped + literal('"')


def _guard_prefix(value: ColumnElement[Any]) -> ColumnElement[str]:
    """SQLite: the apostrophe a cell needs in front, or nothing (one cheap ``unicode()``)."""
    codes: list[ColumnElement[int]] = [
        literal_column(str(ord(character))) for character in FORMULA_STARTS
    ]
    return case((func.unicode(value).in_(codes), _SQL_APOSTROPHE), else_=_SQL_EMPTY)


def csv_cell(column: CsvColumn, dialect: str) -> ColumnElement[str]:
    value = column.value
    if column.kind == "text":
        return _quoted(cast(value, String) if not isinstance(value.type, String) else value)
    if column.kind == "boolean":
        return case((value.is_(True), "true"), (value.is_(False), "false"), else_="")
    if column.kind == "datetime":
        if dialect == "postgresql":
            text = func.to_char(func.timezone("UTC", value), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        else:
            text = func.strftime("%Y-%m-%dT%H:%M:%SZ", value)
        return func.coalesce(text, "")
    if column.kind == "time":
        return func.coalesce(func.substr(cast(value, String), 1, 8), "")
    if column.kind == "uuid":
        if dialect == "postgresql":
            return func.coalesce(cast(value, String), "")
        hexa = func.lower(value)
        parts = [func.substr(hexa, start, length) for start, length in UUID_GROUPS]
        dashed: ColumnElement[str] = parts[0]
        for part in parts[1:]:
            dashed = dashed + literal("-") + part
        return func.coalesce(dashed, "")
    return func.coalesce(cast(value, String), "")


def csv_line(columns: Sequence[CsvColumn], dialect: str) -> ColumnElement[str]:
    """One SQL expression that yields a whole CSV line (without its line break).

    A value may be named more than once, so give it plain columns rather than subqueries (see
    :meth:`tracker.csv_contract.kinds.TabularExport.lines`).
    """
    if dialect == "sqlite":
        return _printf_line(columns)
    line: ColumnElement[str] | None = None
    for column in columns:
        cell = csv_cell(column, dialect)
        line = cell if line is None else line + literal(",") + cell
    assert line is not None, "an export needs at least one column"
    return line


def _printf_line(columns: Sequence[CsvColumn]) -> ColumnElement[str]:
    formats: list[str] = []
    arguments: list[Any] = []
    for column in columns:
        if column.kind == "text":
            formats.append('"%s%w"')
            arguments += [_guard_prefix(column.value), func.coalesce(column.value, _SQL_EMPTY)]
        else:
            formats.append("%s")
            arguments.append(csv_cell(column, "sqlite"))
    return func.printf(literal_column("'" + ",".join(formats) + "'"), *arguments)


def header_line(columns: Sequence[CsvColumn]) -> str:
    return ",".join(_quote_header(column.header) for column in columns)


def _quote_header(header: str) -> str:
    if any(character in header for character in ',"\r\n'):
        return '"' + header.replace('"', '""') + '"'
    return header


def joined_names(
    value: SQLColumnExpression[Any],
    order_by: SQLColumnExpression[Any],
    where: Any,
    dialect: str,
    outer: Any,
) -> ColumnElement[str]:
    """The values related to a row of ``outer`` as one ``a | b`` string, in a stable order.

    SQLite before 3.44 cannot order inside ``group_concat``, so it aggregates an ordered
    derived table that is explicitly correlated to the outer row.
    """
    if dialect == "postgresql":
        aggregate = func.string_agg(value, literal(LIST_SEPARATOR)).aggregate_order_by(order_by)
        return select(aggregate).where(where).scalar_subquery()
    ordered = (
        select(value.label("item")).where(where).order_by(order_by).correlate(outer).subquery()
    )
    return select(func.group_concat(ordered.c.item, LIST_SEPARATOR)).scalar_subquery()
