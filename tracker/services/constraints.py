"""Turning a database's refusal (a unique key, a foreign key, a check, a required column) into
a rule violation that names the field, on PostgreSQL and SQLite alike.

The services check the rules first; these refusals are what the checks could not foresee,
such as two editors giving two new rounds the same number at the same moment. The constraint
is found in the models' metadata, by the name PostgreSQL reports or the table and columns
SQLite reports, so a new constraint is understood without being listed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import psycopg
from sqlalchemy import CheckConstraint, ForeignKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from tracker.db import Base
from tracker.services.errors import RuleViolation
from tracker.services.wording import N_

UNIQUE, FOREIGN_KEY, CHECK, NOT_NULL = "unique", "foreign_key", "check", "not_null"
#: PostgreSQL's SQLSTATE for each kind of refusal
SQLSTATES = {"23505": UNIQUE, "23503": FOREIGN_KEY, "23514": CHECK, "23502": NOT_NULL}
#: the start of SQLite's message for each kind of refusal
SQLITE_PREFIXES = {
    "UNIQUE constraint failed": UNIQUE,
    "FOREIGN KEY constraint failed": FOREIGN_KEY,
    "CHECK constraint failed": CHECK,
    "NOT NULL constraint failed": NOT_NULL,
}

#: refusals that read better in the newsroom's words than in the generic ones below:
#: constraint name -> (wording, the field to blame)
WORDING: dict[str, tuple[str, str]] = {
    "uq_round_negotiation_number": (
        N_("This negotiation already has a round with this number."),
        "number",
    ),
    "uq_participation_round_person": (
        N_("This person is already listed at this round."),
        "person_id",
    ),
}
GENERIC_WORDING = {
    UNIQUE: N_("Another record already has this %(name)s."),
    FOREIGN_KEY: N_("The chosen %(name)s no longer exists: choose another."),
    CHECK: N_("This %(name)s is not allowed."),
    NOT_NULL: N_("Fill in the %(name)s."),
}
#: SQLite does not say which link failed
UNNAMED_LINK = N_("One of the chosen records no longer exists: reload the page and choose again.")
UNKNOWN = N_("This change conflicts with another record (a duplicate or a missing link).")


@dataclass(frozen=True)
class Refusal:
    """What the database refused: the kind of constraint, its name when known, the table and
    the columns involved (in the constraint's order)."""

    kind: str
    constraint: str | None = None
    table: str | None = None
    columns: tuple[str, ...] = ()


def violation(
    error: IntegrityError, unique_messages: Mapping[str, str] | None = None
) -> RuleViolation:
    """The rule violation to show for ``error``, naming the field it concerns.

    ``unique_messages`` (a service's own wording for its unique attributes) wins over the
    generic wording for a single-column unique key.
    """
    refusal = refusal_of(error)
    if refusal is None:
        return RuleViolation(UNKNOWN)
    if refusal.constraint in WORDING:
        wording, field = WORDING[refusal.constraint]
        return RuleViolation(wording, field)
    if not refusal.columns:
        return RuleViolation(UNNAMED_LINK if refusal.kind == FOREIGN_KEY else UNKNOWN)
    field = refusal.columns[-1]
    if refusal.kind == UNIQUE and unique_messages and field in unique_messages:
        return RuleViolation(unique_messages[field], field)
    return RuleViolation(GENERIC_WORDING[refusal.kind], field, name=_label(field))


def refusal_of(error: IntegrityError) -> Refusal | None:
    """Read the refusal out of PostgreSQL's diagnostics or SQLite's message; ``None`` when it
    is neither."""
    cause = error.orig
    kind = SQLSTATES.get(getattr(cause, "sqlstate", None) or "")
    if kind is not None and isinstance(cause, psycopg.Error):
        diagnostics = cause.diag
        name = diagnostics.constraint_name
        if kind == NOT_NULL:
            column = diagnostics.column_name
            return Refusal(kind, None, diagnostics.table_name, (column,) if column else ())
        known = _constraints().get(name) if name else None
        table, columns = known or (diagnostics.table_name, ())
        return Refusal(kind, name, table, columns)
    message = str(cause)
    for prefix, kind in SQLITE_PREFIXES.items():
        if message.startswith(prefix):
            return _sqlite_refusal(kind, message.removeprefix(prefix).strip(" :"))
    return None


def _sqlite_refusal(kind: str, detail: str) -> Refusal:
    """``round.negotiation_id, round.number`` (unique, not null) or a constraint's name (check);
    a foreign key failure names nothing."""
    if kind == CHECK:
        table, columns = _constraints().get(detail, (None, ()))
        return Refusal(kind, detail or None, table, columns)
    qualified = [part.strip().split(".", 1) for part in detail.split(",") if "." in part]
    if not qualified:
        return Refusal(kind)
    table = qualified[0][0]
    columns = tuple(column for _table, column in qualified)
    return Refusal(kind, _unique_name(table, columns) if kind == UNIQUE else None, table, columns)


@cache
def _constraints() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every named constraint of the models: name -> (table, columns). A check constraint's
    columns are those its condition names, in the order it names them."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if not isinstance(
                constraint, UniqueConstraint | ForeignKeyConstraint | CheckConstraint
            ):
                continue
            columns = tuple(column.name for column in constraint.columns)
            if isinstance(constraint, CheckConstraint) and not columns:
                text = str(constraint.sqltext)
                named = {
                    column.name: match.start()
                    for column in table.columns
                    if (match := re.search(rf"\b{re.escape(column.name)}\b", text))
                }
                columns = tuple(sorted(named, key=named.__getitem__))
            if constraint.name:
                found[str(constraint.name)] = (table.name, columns)
    return found


def _unique_name(table: str, columns: tuple[str, ...]) -> str | None:
    for name, (owner, keys) in _constraints().items():
        if owner == table and keys == columns and name.startswith("uq_"):
            return name
    return None


def _label(column: str) -> str:
    """``venue_id`` -> ``venue``, ``published_on`` -> ``published on``."""
    return column.removesuffix("_id").replace("_", " ")
