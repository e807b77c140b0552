"""The web blueprints, one per area."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    from tracker import api
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

    return [
        health.bp,
        home.bp,
        timeline.bp,
        quick_add.bp,
        assist.bp,
        lookup.bp,
        auth.bp,
        *negotiations.BLUEPRINTS,
        *facts.BLUEPRINTS,
        *catalogue.BLUEPRINTS,
        *admin.BLUEPRINTS,
        api.bp,
        profile.bp,
        changes.bp,
        data_exports.bp,
        data_feeds.bp,
        data_imports.bp,
    ]
