"""Many-to-many link tables: which sources back a fact, which topics and people it concerns."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Table

from tracker.db import Base


def link_table(name: str, left: str, right: str) -> Table:
    """A two-column link table whose rows vanish with either end."""
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{right}_id",
            ForeignKey(f"{right}.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


negotiation_parties = link_table("negotiation_party", "negotiation", "organisation")
round_sources = link_table("round_source", "round", "source")
round_topics = link_table("round_topic", "round", "topic")
outcome_sources = link_table("outcome_source", "reported_outcome", "source")
outcome_topics = link_table("outcome_topic", "reported_outcome", "topic")
statement_sources = link_table("statement_source", "statement", "source")
statement_topics = link_table("statement_topic", "statement", "topic")
development_sources = link_table("development_source", "development", "source")
development_topics = link_table("development_topic", "development", "topic")
development_people = link_table("development_person", "development", "person")
development_organisations = link_table("development_organisation", "development", "organisation")
participation_sources = link_table("participation_source", "participation", "source")
