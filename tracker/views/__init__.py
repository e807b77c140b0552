"""The web blueprints, one per area."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    from tracker import api
    from tracker.views import admin, auth, catalogue, facts, home, negotiations
    from tracker.views import changes, profile
    from tracker.views import timeline
    from tracker.views import exports as data_exports
    from tracker.views import feeds as data_feeds

    return [
        home.bp,
        timeline.bp,
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
    ]
