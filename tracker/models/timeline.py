"""The reporters' timeline as one derived table, so the stream reads fast however large it grows.

Rounds, reported outcomes, statements and developments live in their own tables; each also has
one :class:`TimelineEntry` row carrying what the stream sorts, filters, counts and searches on.
These rows are derived data: :mod:`tracker.services.timeline_index` updates them after every
flush that touches their sources (``create_app`` installs that hook: models know no services),
and ``timeline_index.rebuild()`` recreates them from scratch.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base
from tracker.models.enums import Label, Verification, enum_column_type


class EntryKind(Label):
    """What a timeline entry is; the value is also the sort tie-breaker within a day."""

    ROUND = "round"
    OUTCOME = "outcome"
    STATEMENT = "statement"
    DEVELOPMENT = "development"


class TimelineEntry(Base):
    """One line of the timeline: a round, a reported outcome, a statement or a development.

    ``sort_date`` is the earliest day the record's vague date allows (its creation day when it
    has none), so ``(sort_date, kind, id)`` orders the whole stream and serves keyset paging.
    ``search_text`` is the normalised text the full-text index reads.
    """

    __tablename__ = "timeline_entry"
    __table_args__ = (
        UniqueConstraint("kind", "record_id", name="uq_timeline_entry_kind_record"),
        Index("ix_timeline_entry_stream", "sort_date", "kind", "id"),
        Index("ix_timeline_entry_negotiation_stream", "negotiation_id", "sort_date", "kind", "id"),
        Index("ix_timeline_entry_round_stream", "round_id", "sort_date", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EntryKind] = mapped_column(enum_column_type(EntryKind, "timeline_entry_kind"))
    record_id: Mapped[int]
    negotiation_id: Mapped[int | None] = mapped_column(
        ForeignKey("negotiation.id", ondelete="SET NULL")
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id", ondelete="SET NULL"))
    sort_date: Mapped[dt.date]
    verification: Mapped[Verification | None] = mapped_column(
        enum_column_type(Verification, "timeline_entry_verification"), index=True
    )
    search_text: Mapped[str] = mapped_column(Text, default="")


class TimelineFacet(Base):
    """One value an entry can be filtered and counted by: ``("topic", "3")``, ``("kind", "round")``.

    Every facet of the timeline lives in this one table, so the counts of all facets over any
    filtered set come from a single ``GROUP BY``.
    """

    __tablename__ = "timeline_facet"
    __table_args__ = (Index("ix_timeline_facet_value", "facet", "value", "entry_id"),)

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("timeline_entry.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)


class TimelineFacetTotal(Base):
    """How many entries carry each facet value, kept beside the facets so that the unfiltered
    timeline shows its counts without scanning every facet row."""

    __tablename__ = "timeline_facet_total"

    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    entries: Mapped[int] = mapped_column(default=0)
