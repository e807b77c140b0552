"""Alembic environment: one for the CLI (``alembic upgrade head`` from the repo root), the
``tracker db`` commands and the tests.

The database comes from, in order: a connection handed over in ``config.attributes``, a URL in
``config.attributes["database_url"]``, then ``TRACKER_DATABASE_URL`` / ``instance/config.py`` /
the SQLite default, exactly as the app resolves it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

import tracker.models  # noqa: F401  (registers every table)
from tracker import config as tracker_config
from tracker.db import Base

config = context.config
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


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


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
        run_with(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
