"""Records as JSON snapshots and back: what every history row keeps of a record, the
differences between two snapshots, and the links other records had to a deleted one.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, TypeDecorator, inspect, select
from sqlalchemy.orm import Session

from tracker.db import Base
from tracker.models import ChangeRecord, Verification

if TYPE_CHECKING:
    from tracker.services.records import RecordService


#: bookkeeping columns: they change with every save and say nothing a reader needs
BOOKKEEPING = frozenset({"id", "uid", "version", "created_at", "updated_at"})
#: what a hidden field (a password hash) shows in a diff
HIDDEN = "(hidden)"
#: where a snapshot keeps the rows of other tables that pointed at a deleted record
LINKS_KEY = "_links"


def to_json(value: Any) -> Any:
    """A JSON-safe form of a column or form value, equal for equal values whatever their type."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(to_json(item) for item in value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def snapshot(service: RecordService, record: Any) -> dict[str, Any]:
    """Every field of ``record`` as JSON, collections as sorted id lists under their value key
    (``source_ids``), hidden fields left out."""
    mapper = inspect(type(record))
    values = {
        attribute.key: to_json(getattr(record, attribute.key))
        for attribute in mapper.column_attrs
        if attribute.key not in service.hidden_fields
    }
    for key, (attribute, _model) in service.collections.items():
        values[key] = sorted(related.id for related in getattr(record, attribute))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed, bookkeeping left out."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if key not in BOOKKEEPING and key != LINKS_KEY and before.get(key) != after.get(key)
    }


def values_from_snapshot(service: RecordService, saved: Mapping[str, Any]) -> dict[str, Any]:
    """The values a service takes to bring a record back to ``saved``: dates and uuids parsed
    again, links to records that no longer exist dropped."""
    columns = service.model.__table__.columns
    values: dict[str, Any] = {}
    for key, value in saved.items():
        if key == LINKS_KEY:
            continue
        if key in service.collections:
            values[key] = value
            continue
        column = columns.get(key)
        if column is None:
            continue
        values[key] = _from_json(column.type, value)
    return values


def _from_json(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return value
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dt.time:
        return dt.time.fromisoformat(value)
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type is decimal.Decimal:
        return decimal.Decimal(value)
    return value


def inbound_links(session: Session, record: Any) -> list[dict[str, Any]]:
    """Rows elsewhere that point at ``record`` and would silently lose it on delete: link-table
    rows (a statement citing this source) and ``SET NULL`` references (a statement's speaker)."""
    table = record.__table__
    found: list[dict[str, Any]] = []
    for other in Base.metadata.sorted_tables:
        if other.name == ChangeRecord.__tablename__:
            continue
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            column = foreign_key.parent
            if _is_link_table(other):
                far = next(c for c in other.primary_key.columns if c is not column)
                ids = session.scalars(select(far).where(column == record.id)).all()
                if ids:
                    found.append(
                        {"table": other.name, "column": column.name, "other": far.name, "ids": ids}
                    )
            elif foreign_key.ondelete == "SET NULL":
                ids = session.scalars(select(other.c.id).where(column == record.id)).all()
                if ids:
                    found.append({"table": other.name, "column": column.name, "ids": ids})
    return found


def _is_link_table(table: Table) -> bool:
    columns = list(table.primary_key.columns)
    return len(columns) == 2 and all(column.foreign_keys for column in columns)


def correction_values(service: RecordService, note: str) -> dict[str, Any]:
    """What marking an edit as a correction changes on the record itself: facts that carry a
    verification status become "corrected" and show the public note."""
    columns = service.model.__table__.columns
    if "verification" in columns and "correction_note" in columns:
        return {"verification": Verification.CORRECTED, "correction_note": note}
    return {}


def implied_correction(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    """An edit that sets a fact's status to corrected is a correction, ticked or not."""
    if after.get("verification") != Verification.CORRECTED.value:
        return None
    if before.get("verification") == after.get("verification") and before.get(
        "correction_note"
    ) == after.get("correction_note"):
        return None
    return after.get("correction_note") or ""
