"""Alembic environment: one for the CLI (``alembic upgrade head`` from the repo root), the
``tracker db`` commands and the tests.

The database comes from, in order: a connection handed over in ``config.attributes``, a URL in
``config.attributes["database_url"]``, then ``TRACKER_DATABASE_URL`` / ``instance/config.py`` /
the SQLite default, exactly as the app resolves it.
"""

from __future__ import annotations

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, pool, text
from sqlalchemy.orm import Session

import tracker.models  # noqa: F401  (registers every table)
from tracker import config as tracker_config
from tracker.db import Base
from tracker.migrate import REBUILD_TIMELINE
from tracker.services.timeline_index import rebuild

config = context.config
#: present while the timeline's derived rows wait for a rebuild (see rebuild_timeline_if_asked)
STALE_MARKER = "search_index_stale"
target_metadata = Base.metadata


def database_url() -> str:
    return config.attributes.get("database_url") or tracker_config.database_url()


def include_name(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Objects named ``search_*`` are a database's own full-text index (FTS5 tables and their
    shadow tables on SQLite, a GIN index on PostgreSQL): built by hand in their migration."""
    return not (type_ in ("table", "index") and (name or "").startswith("search_"))


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_with(connection, owned: bool = False) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
        rebuild_timeline_if_asked(connection)
    if owned and connection.in_transaction():
        # SQLite's DDL is not transactional for Alembic, so the block above commits each
        # migration but not the rebuild that follows the last one
        connection.commit()


def rebuild_timeline_if_asked(connection) -> None:
    """Rebuild the derived timeline rows once, after the last migration, when a migration
    changed what they hold (it sets ``config.attributes[REBUILD_TIMELINE]``).

    The rebuild is today's code, which reads today's columns: run from inside an old
    migration it would query columns a later migration adds. So it waits until the database
    has reached the head. An upgrade that stops earlier records the request in the table
    ``search_index_stale`` (part of the hand-built search machinery, outside the models), and
    the next upgrade that reaches the head honours it and drops the table."""
    asked = config.attributes.pop(REBUILD_TIMELINE, False)
    pending = inspect(connection).has_table(STALE_MARKER)
    if not (asked or pending):
        return
    heads = set(ScriptDirectory.from_config(config).get_heads())
    if set(context.get_context().get_current_heads()) != heads:
        if asked and not pending:
            connection.execute(text(f"CREATE TABLE {STALE_MARKER} (asked_at VARCHAR(40))"))
        return
    with Session(bind=connection) as session:
        rebuild(session)
    if pending:
        connection.execute(text(f"DROP TABLE {STALE_MARKER}"))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = database_url()
    if url.startswith("sqlite:///"):
        tracker_config.Path(url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    # No PRAGMA foreign_keys here: batch rebuilds of SQLite tables must not cascade.
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        run_with(connection, owned=True)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
