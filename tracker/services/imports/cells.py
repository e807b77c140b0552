"""Reading one row's cells (numbers, days, times, uids, vague dates, lists of names), each
problem kept with the column it came from so that a row reports all of them at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tracker.csv_contract.cells import LIST_SEPARATOR
from tracker.dates import InvalidDate, parse_vague_date
from tracker.services.imports.report import (
    RowError,
    RowErrors,
)
from tracker.services.wording import N_


def required_cell(row: Mapping[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, N_("This column must not be empty."))
    return value


def integer_cell(row: Mapping[str, str], column: str) -> int | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowError(column, N_("“%(value)s” is not a whole number."), value=value) from None


def day_cell(row: Mapping[str, str], column: str) -> dt.date | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(
            column, N_("“%(value)s” is not a date like 2025-04-12."), value=value
        ) from None


def time_cell(row: Mapping[str, str], column: str) -> dt.time | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise RowError(column, N_("“%(value)s” is not a time like 14:30."), value=value) from None


def uid_cell(row: Mapping[str, str]) -> uuid.UUID | None:
    value = (row.get("uid") or "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise RowError(
            "uid", N_("“%(value)s” is not a uid (leave it empty for new records)."), value=value
        ) from None


def names_cell(row: Mapping[str, str], column: str) -> list[str]:
    value = row.get(column) or ""
    return [name.strip() for name in value.split(LIST_SEPARATOR.strip()) if name.strip()]


def edtf_cell(row: Mapping[str, str]) -> str | None:
    value = (row.get("date") or "").strip()
    if not value:
        return None
    try:
        return parse_vague_date(value).edtf
    except InvalidDate as error:
        raise RowError("date", error.template, **error.params) from None


class Checks:
    """Reads a row's cells one by one, keeping every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[RowError] = []

    def __call__(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except RowError as error:
            self.problems.append(error)
            return None

    def done(self) -> None:
        """:raise RowErrors: when any cell could not be read."""
        if self.problems:
            raise RowErrors(self.problems)


def id_of(record: Any) -> int | None:
    return record.id if record is not None else None
