"""feed tokens: per-user, per-feed secrets for calendar and Atom URLs, stored as hashes

Revision ID: 0400_feed_tokens
Revises: 0200_search_index
Create Date: 2026-11-26 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.db

revision: str = "0400_feed_tokens"
down_revision: str | Sequence[str] | None = "0200_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "calendar",
                "atom",
                name="feed_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", tracker.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", tracker.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiation.id"],
            name=op.f("fk_feed_token_negotiation_id_negotiation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_feed_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_token")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_feed_token_secret_hash")),
    )
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feed_token_negotiation_id"), ["negotiation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feed_token_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_feed_token_negotiation_id"))
    op.drop_table("feed_token")
