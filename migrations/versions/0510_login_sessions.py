"""login sessions: each sign-in is a row the server can end; the per-user session token goes

Signing out, "sign out everywhere" and a password change revoke rows of ``login_session``; the
session and remember cookies carry the row's secret, so a copied cookie stops working with it.
The per-account ``session_token`` it replaces is dropped.

Revision ID: 0510_login_sessions
Revises: 0540_schedule_announcements
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.db

revision: str = "0510_login_sessions"
down_revision: str | Sequence[str] | None = "0540_schedule_announcements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("remembered", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", tracker.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_login_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_session_token_hash")),
    )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_session_user_id"), ["user_id"], unique=False)
    # Existing cookies carry the old per-account token: their holders sign in once more.
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_token")


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_token", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_session_user_id"))
    op.drop_table("login_session")
