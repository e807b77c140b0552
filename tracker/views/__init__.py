"""The web blueprints, one per area."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    from tracker.views import admin, auth, catalogue, facts, home, negotiations

    return [
        home.bp,
        auth.bp,
        *negotiations.BLUEPRINTS,
        *facts.BLUEPRINTS,
        *catalogue.BLUEPRINTS,
        *admin.BLUEPRINTS,
    ]
