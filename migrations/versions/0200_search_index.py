"""search index: the timeline's derived entries, their facets and the full-text index

Revision ID: 0200_search_index
Revises: 0300_api_tokens
Create Date: 2026-11-26 12:55:00

The full-text index is built per database and kept out of autogenerate (its objects are named
``search_*``, see ``include_name`` in env.py):

- SQLite: an FTS5 table reading ``timeline_entry.search_text`` (external content), kept in step
  by triggers on ``timeline_entry``, so no writer can leave it stale;
- PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``, which the database keeps.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from tracker.migrate import REBUILD_TIMELINE

revision: str = "0200_search_index"
down_revision: str | Sequence[str] | None = "0300_api_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("round", "outcome", "statement", "development")
VERIFICATIONS = ("reported", "confirmed", "disputed", "corrected", "retracted")

SQLITE_SEARCH = [
    """CREATE VIRTUAL TABLE search_timeline_entry USING fts5(
        search_text, content='timeline_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_timeline_entry_insert AFTER INSERT ON timeline_entry BEGIN
        INSERT INTO search_timeline_entry(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER search_timeline_entry_delete AFTER DELETE ON timeline_entry BEGIN
        INSERT INTO search_timeline_entry(search_timeline_entry, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER search_timeline_entry_update AFTER UPDATE OF search_text ON timeline_entry
    BEGIN
        INSERT INTO search_timeline_entry(search_timeline_entry, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO search_timeline_entry(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS search_timeline_entry_update",
    "DROP TRIGGER IF EXISTS search_timeline_entry_delete",
    "DROP TRIGGER IF EXISTS search_timeline_entry_insert",
    "DROP TABLE IF EXISTS search_timeline_entry",
]
POSTGRES_SEARCH = [
    "CREATE INDEX search_timeline_entry_text ON timeline_entry "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_SEARCH_DROP = ["DROP INDEX IF EXISTS search_timeline_entry_text"]


def upgrade() -> None:
    op.create_table(
        "timeline_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="timeline_entry_kind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("sort_date", sa.Date(), nullable=False),
        sa.Column(
            "verification",
            sa.Enum(
                *VERIFICATIONS,
                name="timeline_entry_verification",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiation.id"],
            name=op.f("fk_timeline_entry_negotiation_id_negotiation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_timeline_entry_round_id_round"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_entry")),
        sa.UniqueConstraint("kind", "record_id", name="uq_timeline_entry_kind_record"),
    )
    with op.batch_alter_table("timeline_entry", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_entry_stream", ["sort_date", "kind", "id"], unique=False)
        batch_op.create_index(
            "ix_timeline_entry_negotiation_stream",
            ["negotiation_id", "sort_date", "kind", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_timeline_entry_round_stream", ["round_id", "sort_date", "kind", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_timeline_entry_verification"), ["verification"], unique=False
        )
    op.create_table(
        "timeline_facet",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeline_entry.id"],
            name=op.f("fk_timeline_facet_entry_id_timeline_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "facet", "value", name=op.f("pk_timeline_facet")),
    )
    with op.batch_alter_table("timeline_facet", schema=None) as batch_op:
        batch_op.create_index(
            "ix_timeline_facet_value", ["facet", "value", "entry_id"], unique=False
        )
    op.create_table(
        "timeline_facet_total",
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", name=op.f("pk_timeline_facet_total")),
    )
    bind = op.get_bind()
    for statement in SQLITE_SEARCH if bind.dialect.name == "sqlite" else POSTGRES_SEARCH:
        op.execute(statement)

    # the index is filled by today's code once the upgrade reaches the head (migrations/env.py)
    context.config.attributes[REBUILD_TIMELINE] = True


def downgrade() -> None:
    bind = op.get_bind()
    for statement in SQLITE_SEARCH_DROP if bind.dialect.name == "sqlite" else POSTGRES_SEARCH_DROP:
        op.execute(statement)
    op.drop_table("timeline_facet_total")
    with op.batch_alter_table("timeline_facet", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_facet_value")
    op.drop_table("timeline_facet")
    with op.batch_alter_table("timeline_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_entry_verification"))
        batch_op.drop_index("ix_timeline_entry_round_stream")
        batch_op.drop_index("ix_timeline_entry_negotiation_stream")
        batch_op.drop_index("ix_timeline_entry_stream")
    op.drop_table("timeline_entry")
