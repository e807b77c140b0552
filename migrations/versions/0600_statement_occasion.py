"""statement occasion: where or how the words were said ("press conference in Muscat")

Revision ID: 0600_statement_occasion
Revises: 0580_person_aliases
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0600_statement_occasion"
down_revision: str | Sequence[str] | None = "0580_person_aliases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("occasion", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.drop_column("occasion")
