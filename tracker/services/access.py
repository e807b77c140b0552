"""What a reader may see, decided once for the pages, the API, the exports and the feeds.

The identity behind an anonymous statement can burn a source, so it is for editors only; the
edit history (who changed what, internal change notes, snapshots of deleted records) is for
editors too, as its pages are; account records (emails, roles) are for admins. Every door asks
:func:`reader_of` rather than checking roles itself, so no door can forget one of these rules.
Knows nothing of Flask: the caller passes the signed-in user (or ``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, null

from tracker.models import Attribution, Statement, UserRole

#: the history's kinds of record that describe accounts
ACCOUNT_RECORD_KINDS: tuple[str, ...] = ("user",)


@dataclass(frozen=True)
class Reader:
    """What one reader may read beyond the published record."""

    #: who really said an anonymous statement
    reveals_speakers: bool = False
    #: the edit history of the records
    reads_history: bool = False
    #: the edit history of the accounts
    reads_account_history: bool = False

    @property
    def hidden_record_kinds(self) -> tuple[str, ...]:
        """The kinds of record whose history this reader must not see."""
        return () if self.reads_account_history else ACCOUNT_RECORD_KINDS


#: a reader with no role: what a viewer, or anyone else, may read
VIEWER = Reader()
#: the operator at the command line, who holds the database itself (account history still
#: never leaves in an export: see :mod:`tracker.exports.datapackage`)
OPERATOR = Reader(reveals_speakers=True, reads_history=True, reads_account_history=True)


def reader_of(user: Any) -> Reader:
    """The rules for ``user`` (an account, Flask-Login's anonymous visitor, or ``None``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return VIEWER
    is_editor = user.can(UserRole.EDITOR)
    return Reader(
        reveals_speakers=is_editor,
        reads_history=is_editor,
        reads_account_history=user.can(UserRole.ADMIN),
    )


def speaker_hidden(statement: Statement, reader: Reader) -> bool:
    """Whether ``reader`` must not learn who said ``statement``."""
    return statement.attribution is Attribution.ANONYMOUS and not reader.reveals_speakers


def statements_readable(statements: list[Statement], reader: Reader) -> list[Statement]:
    """A person's statements as ``reader`` may see them listed under that person."""
    return [statement for statement in statements if not speaker_hidden(statement, reader)]


def unless_anonymous(value: Any, reveals_speakers: bool) -> ColumnElement[Any]:
    """``value`` in a query over statements (a speaker's id or name), blank on anonymous rows
    unless the reader may know who spoke."""
    if reveals_speakers:
        return value
    return case((Statement.attribution == Attribution.ANONYMOUS, null()), else_=value)
