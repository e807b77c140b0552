"""ids never reused: AUTOINCREMENT on SQLite, and every id counter moved past the history

A deleted record's id used to go to the next new record on SQLite, which then inherited the
deleted one's history, links and restore. The record tables are rebuilt with AUTOINCREMENT,
and on both databases each table's counter is set beyond every id it or the history ever held.

Revision ID: 0500_ids_never_reused
Revises: 0400_feed_tokens
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0500_ids_never_reused"
down_revision: str | Sequence[str] | None = "0400_feed_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: record table -> the kind its history rows name it by, as the services stood at this revision
RECORD_TABLES = {
    "user_account": "user",
    "organisation": "organisation",
    "person": "person",
    "person_title": "title",
    "venue": "venue",
    "topic": "topic",
    "source": "source",
    "negotiation": "negotiation",
    "round": "round",
    "participation": "participation",
    "reported_outcome": "outcome",
    "statement": "statement",
    "development": "development",
}


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for table in RECORD_TABLES:
            with op.batch_alter_table(
                table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
            ):
                pass
    for table, kind in RECORD_TABLES.items():
        highest = highest_id_ever(connection, table, kind)
        if connection.dialect.name == "sqlite":
            seed_sqlite_sequence(connection, table, highest)
        elif connection.dialect.name == "postgresql":
            seed_postgres_sequence(connection, table, highest)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in RECORD_TABLES:
            with op.batch_alter_table(table, recreate="always"):
                pass


def highest_id_ever(connection: sa.Connection, table: str, kind: str) -> int:
    """The largest id the table holds or the history remembers for its kind of record."""
    in_table = connection.scalar(sa.text(f'SELECT MAX(id) FROM "{table}"')) or 0
    in_history = (
        connection.scalar(
            sa.text("SELECT MAX(record_id) FROM change_record WHERE record_kind = :kind"),
            {"kind": kind},
        )
        or 0
    )
    return max(in_table, in_history)


def seed_sqlite_sequence(connection: sa.Connection, table: str, highest: int) -> None:
    current = (
        connection.scalar(
            sa.text("SELECT seq FROM sqlite_sequence WHERE name = :table"), {"table": table}
        )
        or 0
    )
    connection.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :table"), {"table": table})
    connection.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :seq)"),
        {"table": table, "seq": max(current, highest)},
    )


def seed_postgres_sequence(connection: sa.Connection, table: str, highest: int) -> None:
    sequence = connection.scalar(
        sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": f'"{table}"'}
    )
    if sequence is None:
        return
    last_value, is_called = connection.execute(
        sa.text(f"SELECT last_value, is_called FROM {sequence}")
    ).one()
    handed_out = last_value if is_called else last_value - 1
    if highest > handed_out:
        connection.execute(
            sa.text("SELECT setval(:sequence, :seq)"), {"sequence": sequence, "seq": highest}
        )
