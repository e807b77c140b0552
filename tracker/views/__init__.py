"""The web blueprints, one per area, and the pages of every kind of record."""

from __future__ import annotations

from flask import Blueprint

from tracker.views import (
    admin,
    assist,
    auth,
    catalogue,
    changes,
    facts,
    health,
    home,
    lookup,
    negotiations,
    profile,
    quick_add,
    timeline,
)
from tracker.views import exports as data_exports
from tracker.views import feeds as data_feeds
from tracker.views import imports as data_imports
from tracker.views.crud import RecordPages, crud_blueprint

#: every kind of record with list, detail and edit pages, in the order they register
RECORD_PAGES: tuple[RecordPages, ...] = (
    *negotiations.PAGES,
    *facts.PAGES,
    *catalogue.PAGES,
    *admin.PAGES,
)


def blueprints() -> list[Blueprint]:
    """The web pages' blueprints, in the order their routes are matched."""
    return [
        health.bp,
        home.bp,
        timeline.bp,
        quick_add.bp,
        assist.bp,
        lookup.bp,
        auth.bp,
        *(crud_blueprint(pages) for pages in RECORD_PAGES),
        profile.bp,
        changes.bp,
        data_exports.bp,
        data_feeds.bp,
        data_imports.bp,
    ]


def detail_endpoints() -> dict[type, str]:
    """Model class -> the endpoint of the page showing one of its records."""
    return {pages.model: f"{pages.name}.show" for pages in RECORD_PAGES}
