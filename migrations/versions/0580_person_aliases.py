"""person aliases: other spellings of a person's name, one a line, matched by article assist

Revision ID: 0580_person_aliases
Revises: 0530_user_locale
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0580_person_aliases"
down_revision: str | Sequence[str] | None = "0530_user_locale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("aliases", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("aliases")
