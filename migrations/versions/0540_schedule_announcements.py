"""schedule announcements: when a round's move, postponement or cancellation was announced, and
by which source

Revision ID: 0540_schedule_announcements
Revises: 0560_anonymous_speaker_facet
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0540_schedule_announcements"
down_revision: str | Sequence[str] | None = "0560_anonymous_speaker_facet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("round_schedule_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("announced_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("announced_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_round_schedule_change_announced_by_id_source"),
            "source",
            ["announced_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("round_schedule_change", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_round_schedule_change_announced_by_id_source"), type_="foreignkey"
        )
        batch_op.drop_column("announced_by_id")
        batch_op.drop_column("announced_on")
