"""Full-text search over the timeline, one interface over SQLite FTS5 and PostgreSQL.

Both sides read ``timeline_entry.search_text`` (folded by :mod:`tracker.services.search_text`)
and match every word of the query as a word prefix, so "negotiat" finds "negotiations" and
``عراقچي`` finds ``عراقچی``. The index itself is built by migration ``0200_search_index``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, Select, func, literal_column, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import Subquery

from tracker.models import TimelineEntry
from tracker.services.search_text import query_terms


def matches(dialect: Dialect, terms: list[str]) -> Subquery:
    """The entries matching every term, as ``(entry_id, rank)``; a lower rank is a better match.

    ``terms`` come from :func:`query_terms` and hold word characters only.
    """
    if dialect.name == "postgresql":
        return _postgres(terms)
    return _sqlite(terms)


def _sqlite(terms: list[str]) -> Subquery:
    expression = " ".join(f'"{term}"*' for term in terms)
    return (
        text(
            "SELECT rowid AS entry_id, bm25(search_timeline_entry) AS rank "
            "FROM search_timeline_entry WHERE search_timeline_entry MATCH :expression"
        )
        .bindparams(expression=expression)
        .columns(entry_id=Integer, rank=Float)
        .subquery("search_matches")
    )


def _postgres(terms: list[str]) -> Subquery:
    config: ColumnClause[Any] = literal_column("'simple'::regconfig")
    document = func.to_tsvector(config, TimelineEntry.search_text)
    tsquery = func.to_tsquery(config, " & ".join(f"{term}:*" for term in terms))
    statement: Select = select(
        TimelineEntry.id.label("entry_id"), (-func.ts_rank(document, tsquery)).label("rank")
    ).where(document.op("@@")(tsquery))
    return statement.subquery("search_matches")


__all__ = ["matches", "query_terms"]
