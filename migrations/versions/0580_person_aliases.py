"""person aliases: other spellings of a person's name, one a line, matched by article assist

The timeline's derived rows are rebuilt as well: people's aliases join the search text, and an
anonymous statement's search text loses the role it was first published with (which could
name its source).

Revision ID: 0580_person_aliases
Revises: 0530_user_locale
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from tracker.migrate import REBUILD_TIMELINE

revision: str = "0580_person_aliases"
down_revision: str | Sequence[str] | None = "0530_user_locale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("aliases", sa.Text(), nullable=True))
    context.config.attributes[REBUILD_TIMELINE] = True


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("aliases")
