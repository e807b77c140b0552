"""The whole database as one zip: a CSV per table and a Frictionless ``datapackage.json``.

The descriptor is derived from the SQLAlchemy metadata, so it can never describe a column the
database does not have: field types, required fields, enum values, primary and foreign keys.
Accounts and secrets (password hashes, feed and API tokens) never leave, and neither do the
columns that point at them, nor the timeline's derived index (rebuilt from the records). A
reader gets only what they may read (:mod:`tracker.services.access`): a viewer's package holds
no edit history and no speaker of an anonymous statement.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Enum,
    Float,
    Integer,
    Select,
    Table,
    Time,
    TypeDecorator,
    Uuid,
    select,
)

from tracker.csv_contract.cells import CsvColumn
from tracker.csv_contract.kinds import Projector, TabularExport
from tracker.db import Base
from tracker.exports.csv import stream_csv
from tracker.services.access import ACCOUNT_RECORD_KINDS, OPERATOR, Reader, unless_anonymous

#: tables holding accounts, secrets or files waiting to be imported
PRIVATE_TABLES = frozenset({"user_account", "login_session", "import_preview"})
#: edit-history rows about these kinds of record describe accounts, so they stay home too
PRIVATE_RECORD_KINDS = ACCOUNT_RECORD_KINDS
#: the edit history: for readers who may read history pages
HISTORY_TABLES = frozenset({"change_record"})
#: columns naming or describing who said a statement, blank on anonymous rows for readers who
#: may not know who spoke
SPEAKER_COLUMNS = {"statement": ("speaker_id", "speaker_role")}


def is_private(table: Table) -> bool:
    return table.name in PRIVATE_TABLES or "token" in table.name


def is_derived(table: Table) -> bool:
    """The timeline's index: rebuilt from the records, and it names anonymous speakers."""
    return table.name.startswith("timeline_")


def public_tables(reader: Reader = OPERATOR) -> list[Table]:
    """Every table ``reader`` may have, in dependency order (referenced tables first)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if not is_private(table)
        and not is_derived(table)
        and (reader.reads_history or table.name not in HISTORY_TABLES)
    ]


def public_columns(table: Table) -> list[Any]:
    """The columns of ``table`` that do not point at a private table."""
    return [
        column
        for column in table.columns
        if not any(is_private(key.column.table) for key in column.foreign_keys)
    ]


def field_type(column: Any) -> dict[str, Any]:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    if isinstance(column_type, Boolean):
        return {"type": "boolean"}
    if isinstance(column_type, Integer):
        return {"type": "integer"}
    if isinstance(column_type, Float):
        return {"type": "number"}
    if isinstance(column_type, DateTime):
        return {"type": "datetime"}
    if isinstance(column_type, Date):
        return {"type": "date"}
    if isinstance(column_type, Time):
        return {"type": "time"}
    if isinstance(column_type, Uuid):
        return {"type": "string", "format": "uuid"}
    if isinstance(column_type, Enum):
        return {"type": "string", "constraints": {"enum": list(column_type.enums)}}
    return {"type": "string"}


def describe_table(table: Table) -> dict[str, Any]:
    fields = []
    for column in public_columns(table):
        described = {"name": column.name, **field_type(column)}
        if not column.nullable:
            described.setdefault("constraints", {})["required"] = True
        if column.comment:
            described["description"] = column.comment
        fields.append(described)
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": [column.name for column in table.primary_key.columns],
        "missingValues": [""],
    }
    foreign_keys = [
        {
            "fields": [key.parent.name],
            "reference": {"resource": key.column.table.name, "fields": [key.column.name]},
        }
        for column in public_columns(table)
        for key in column.foreign_keys
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "path": f"data/{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }


def descriptor(reader: Reader = OPERATOR) -> dict[str, Any]:
    return {
        "name": "negotiation-round-tracker",
        "title": "Negotiation Round Tracker: the whole database",
        "profile": "tabular-data-package",
        "description": (
            "One CSV per table. Text cells that would start with =, +, -, @, a tab or a "
            "carriage return (after any leading apostrophes) carry one extra leading "
            "apostrophe so that spreadsheets do not run them as formulas; remove one "
            "apostrophe from any cell matching ^'+[=+\\-@\\t\\r] to get the original text."
        ),
        "resources": [describe_table(table) for table in public_tables(reader)],
    }


def table_export(table: Table, reader: Reader = OPERATOR) -> TabularExport:
    """Every public column of ``table``, ordered by its primary key, as ``reader`` may read it."""
    hidden = () if reader.reveals_speakers else SPEAKER_COLUMNS.get(table.name, ())

    def build(dialect: str, project: Projector) -> Select[Any]:
        columns = [
            CsvColumn(column.name, unless_anonymous(column, False), "integer")
            if column.name in hidden
            else CsvColumn.of(column.name, column)
            for column in public_columns(table)
        ]
        statement = select(*project(columns)).select_from(table)
        if "record_kind" in table.c:
            statement = statement.where(table.c.record_kind.not_in(PRIVATE_RECORD_KINDS))
        return statement.order_by(*table.primary_key.columns)

    return TabularExport(table.name, table.name, build)


class _Pipe:
    """A write-only, unseekable file whose written bytes are taken away as they arrive."""

    def __init__(self) -> None:
        self.pending: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.pending.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Part of the file interface ``zipfile`` expects; there is nothing to release."""

    def take(self) -> bytes:
        data = b"".join(self.pending)
        self.pending.clear()
        return data


def stream_zip(
    engine: Engine,
    progress: Callable[[str, int], None] | None = None,
    reader: Reader = OPERATOR,
) -> Iterator[bytes]:
    """The data package for ``reader`` as zip bytes, each table compressed while it is read."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        described = json.dumps(descriptor(reader), indent=2, ensure_ascii=False)
        archive.writestr("datapackage.json", described)
        yield pipe.take()
        for table in public_tables(reader):
            report = (lambda rows, name=table.name: progress(name, rows)) if progress else None
            with archive.open(f"data/{table.name}.csv", "w", force_zip64=True) as member:
                for chunk in stream_csv(engine, table_export(table, reader), progress=report):
                    member.write(chunk)
                    if pipe.pending:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()
