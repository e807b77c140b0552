"""anonymous speaker facet: an anonymous statement's speaker leaves the "person" facet and the
search text, and is kept under "anonymous_person" for editors only

Revision ID: 0560_anonymous_speaker_facet
Revises: 0500_ids_never_reused
Create Date: 2026-12-02 14:10:00

No table changes: the timeline's derived rows are rebuilt in the new layout. Going down folds
the hidden facet back into "person" (the search text keeps no speaker name either way, which
only narrows what an old search finds).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from tracker.migrate import REBUILD_TIMELINE

revision: str = "0560_anonymous_speaker_facet"
down_revision: str | Sequence[str] | None = "0500_ids_never_reused"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # the index is filled by today's code once the upgrade reaches the head (migrations/env.py)
    context.config.attributes[REBUILD_TIMELINE] = True


def downgrade() -> None:
    op.execute(
        sa.text("UPDATE timeline_facet SET facet = 'person' WHERE facet = 'anonymous_person'")
    )
    op.execute(sa.text("DELETE FROM timeline_facet_total"))
    op.execute(
        sa.text(
            "INSERT INTO timeline_facet_total (facet, value, entries) "
            "SELECT facet, value, COUNT(*) FROM timeline_facet GROUP BY facet, value"
        )
    )
