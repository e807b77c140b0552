"""import previews: uploaded CSV files wait in the database, not on one host's disk

Revision ID: 0520_import_previews
Revises: 0510_login_sessions
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.db

revision: str = "0520_import_previews"
down_revision: str | Sequence[str] | None = "0510_login_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_preview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("create_missing", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_import_preview_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_preview")),
        sa.UniqueConstraint("token", name=op.f("uq_import_preview_token")),
    )
    with op.batch_alter_table("import_preview", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_preview_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_import_preview_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_preview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_preview_owner_id"))
        batch_op.drop_index(batch_op.f("ix_import_preview_expires_at"))
    op.drop_table("import_preview")
