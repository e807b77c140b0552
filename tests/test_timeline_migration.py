"""Migration 0200 builds the timeline and its search index from the records already there, so
a newsroom that upgrades finds its history in the timeline at once."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import create_engine, insert, select

from tracker import migrate
from tracker.models import Negotiation, Person, Round, Statement, TimelineEntry
from tracker.models.timeline import EntryKind
from tracker.services import search
from tracker.services.search_text import query_terms


def stamp() -> dict:
    now = dt.datetime.now(dt.UTC)
    return {"uid": uuid.uuid4(), "version": 1, "created_at": now, "updated_at": now}


def test_upgrading_indexes_the_records_already_there(empty_database_url):
    migrate.upgrade(empty_database_url, "0300_api_tokens")
    engine = create_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(Negotiation.__table__).values(id=1, title="Talks", slug="talks", **stamp())
            )
            connection.execute(
                insert(Person.__table__).values(
                    id=1, name="Abbas Araghchi", name_original="عباس عراقچی", **stamp()
                )
            )
            connection.execute(
                insert(Round.__table__).values(
                    id=1,
                    negotiation_id=1,
                    number=1,
                    status="held",
                    format="indirect",
                    when_edtf="2025-04-12",
                    when_earliest=dt.date(2025, 4, 12),
                    when_latest=dt.date(2025, 4, 12),
                    **stamp(),
                )
            )
            connection.execute(
                insert(Statement.__table__).values(
                    id=1,
                    negotiation_id=1,
                    speaker_id=1,
                    text_original="The talks were constructive",
                    speech="direct",
                    attribution="on_record",
                    verification="reported",
                    **stamp(),
                )
            )
        migrate.upgrade(empty_database_url)
        with engine.connect() as connection:
            entries = connection.execute(
                select(TimelineEntry.kind, TimelineEntry.record_id).order_by(TimelineEntry.kind)
            ).all()
            assert [(EntryKind(kind), record) for kind, record in entries] == [
                (EntryKind.ROUND, 1),
                (EntryKind.STATEMENT, 1),
            ]
            matched = search.matches(connection.dialect, query_terms("عراقچي constructive"))
            found = connection.scalars(select(matched.c.entry_id)).all()
            statement_entry = connection.scalar(
                select(TimelineEntry.id).where(TimelineEntry.kind == EntryKind.STATEMENT)
            )
            assert found == [statement_entry]
    finally:
        engine.dispose()
