"""The declarative base, its type map and naming convention, and per-connection settings.

Nothing here imports Flask: models, services, Alembic and the CLI all share it.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    FromClause,
    MetaData,
    String,
    Table,
    TypeDecorator,
    event,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        str: String(),
    }


class Record:
    """Columns every editable record carries.

    ``uid`` is the stable identifier exports and links rely on (ids can change across an
    export and re-import; the uid does not); ``version`` drives optimistic locking, so a save
    based on a stale copy fails instead of overwriting someone else's edit.

    Ids are never handed out twice: the history, old links and restore all name a record by its
    id, so a new record must not inherit a deleted one's. PostgreSQL's sequences never go back;
    SQLite needs ``AUTOINCREMENT`` for that, which :meth:`__table_cls__` asks for.
    """

    @classmethod
    def __table_cls__(cls, name: str, metadata: MetaData, *args: Any, **kwargs: Any) -> Table:
        return Table(name, metadata, *args, sqlite_autoincrement=True, **kwargs)

    if TYPE_CHECKING:
        # set by the declarative base on each concrete model; declared here for the type checker
        __table__: ClassVar[FromClause]

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


#: execution option asking SQLite for the write lock when the transaction begins
WRITE_INTENT = "tracker_write_intent"


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL and a busy timeout so concurrent editors wait instead of failing.

    pysqlite's own transaction handling is switched off and the tracker emits ``BEGIN`` itself
    (SQLAlchemy's documented pysqlite recipe): a transaction started through
    :func:`begin_write` opens with ``BEGIN IMMEDIATE``, taking the write lock up front and
    waiting for it under the busy timeout. A deferred transaction that reads first and writes
    later would instead fail at once with "database is locked" when another writer got there
    first, since SQLite cannot let it wait without breaking its snapshot.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_INTENT)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Open ``session``'s transaction as a writer: on SQLite it waits for the write lock now
    rather than failing later. Does nothing when a transaction is already open."""
    if session.in_transaction():
        return
    session.connection(execution_options={WRITE_INTENT: True})


#: SQLSTATEs after which PostgreSQL asks for the whole transaction to be tried again
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected
#: total attempts at one unit of work before the failure is reported
TRANSACTION_ATTEMPTS = 4
#: first backoff ceiling in seconds; each retry doubles it, and the wait is drawn below it
RETRY_BACKOFF = 0.05
#: ``session.info`` key counting the session's commits (see :func:`run_transaction`)
COMMITS = "tracker_commits"

Work = TypeVar("Work")


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a failure that rerunning the same transaction
    can cure: a PostgreSQL serialization failure or deadlock, or SQLite's "database is
    locked". Constraint violations and every other error are not."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        cause = current.orig if isinstance(current, DBAPIError) else current
        if getattr(cause, "sqlstate", None) in TRANSIENT_SQLSTATES:
            return True
        if isinstance(cause, sqlite3.OperationalError) and (
            getattr(cause, "sqlite_errorname", "") == "SQLITE_BUSY"
            or "database is locked" in str(cause)
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


@event.listens_for(Session, "after_commit")
def _count_commit(session: Session) -> None:
    session.info[COMMITS] = session.info.get(COMMITS, 0) + 1


def run_transaction(
    session: Session,
    work: Callable[[], Work],
    attempts: int = TRANSACTION_ATTEMPTS,
    before_retry: Callable[[], None] | None = None,
) -> Work:
    """Run ``work`` (which does its reads and writes on ``session`` and commits) and return
    what it returns; when the database reports a transient failure, roll back and run all
    of ``work`` again, up to ``attempts`` times in all, after a short random wait.

    Reruns start from a clean session (the rollback expires everything loaded), so every read
    is made again. A failure after ``work`` already committed is not retried: that part is
    kept, and running it twice could repeat it. ``before_retry`` runs after each rollback.

    :raise: the last transient error when every attempt failed; any other error at once.
    """
    attempt = 1
    while True:
        commits_before = session.info.get(COMMITS, 0)
        try:
            return work()
        except Exception as error:
            committed = session.info.get(COMMITS, 0) != commits_before
            if attempt >= attempts or committed or not is_transient(error):
                raise
        session.rollback()
        time.sleep(random.uniform(0, RETRY_BACKOFF * 2 ** (attempt - 1)))
        if before_retry is not None:
            before_retry()
        attempt += 1
