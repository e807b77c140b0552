"""Every route of the app, taken from its URL map, opened as anonymous, viewer, editor and
admin: each either names the role it needs (``role_required``) or is listed below on purpose,
and each answers every role as that says. A new route cannot slip past unguarded."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import Rule

from tracker.extensions import db
from tracker.models import ChangeRecord, Negotiation, UserRole

#: routes anyone may open, each guarded in its own way
PUBLIC = {
    "auth.login": "the sign-in page itself",
    "language.choose": "choosing the interface language",
    "static": "stylesheets and scripts",
    "api.openapi_document": "the API's description, which holds no records",
    "health.check": "load balancers' health check, which says only whether the database answers",
}
#: the JSON API checks a token or the session itself and answers anonymous callers 401
TOKEN_GUARDED_PREFIX = "api."
#: feeds carry an unguessable secret in their URL instead of a session
SECRET_URL = {"feeds.calendar", "feeds.entries"}
#: any signed-in account may use these: reading pages, one's own account and feeds
SIGNED_IN = {
    "home.index",
    "auth.logout",
    "auth.change_password",
    "profile.index",
    "profile.create_token",
    "profile.revoke_token",
    "profile.end_session",
    "profile.end_all_sessions",
    "feeds.manage",
    "exports.index",
    "exports.entity_csv",
    "exports.data_package",
    "exports.negotiation_timelinejs",
    "exports.timeline_csv",
    "timeline.index",
    "timeline.rounds_chart",
    "lookup.find",
}
ROLES = [None, UserRole.VIEWER, UserRole.EDITOR, UserRole.ADMIN]
#: routes that sign the walking client out, so the walk visits them last
SIGNS_OUT = {"auth.logout", "profile.end_all_sessions"}


def needed_role(app: Flask, endpoint: str) -> UserRole | str:
    """What an endpoint asks of its caller: a role, "public", "token", "secret" or "signed in"."""
    view = app.view_functions[endpoint]
    role = getattr(view, "required_role", None)
    if role is not None:
        return role
    if endpoint in PUBLIC:
        return "public"
    if endpoint.startswith(TOKEN_GUARDED_PREFIX):
        return "token"
    if endpoint in SECRET_URL:
        return "secret"
    if endpoint in SIGNED_IN:
        return "signed in"
    raise AssertionError(
        f"{endpoint} neither uses role_required nor is listed in test_route_permissions.py: "
        "decide who may open it"
    )


def test_every_route_is_classified(app):
    for rule in app.url_map.iter_rules():
        needed_role(app, rule.endpoint)


def arguments(rule: Rule, slug: str, change_id: int, existing: bool) -> dict:
    values = {}
    for name in rule.arguments:
        if name in ("record_id", "negotiation_id", "token_id", "login_session_id"):
            values[name] = 1 if existing else 999999
        elif name == "change_id":
            values[name] = change_id if existing else 999999
        elif name == "uid":
            values[name] = uuid.uuid4()
        elif name == "slug":
            values[name] = slug
        elif name == "name":
            values[name] = "rounds"
        elif name == "kind":
            values[name] = "people"
        elif name == "code":
            values[name] = "en"
        elif name == "filename":
            values[name] = "tracker.css"
        else:
            raise AssertionError(f"the route walk does not know how to fill <{name}> in {rule}")
    return values


def allowed(role: UserRole | None, needed: UserRole | str) -> bool:
    if needed in ("public", "secret"):
        return True
    if role is None:
        return False
    if isinstance(needed, UserRole):
        return role.rank >= needed.rank
    return True  # "signed in" and "token" (a session counts as the token)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_each_role_gets_what_its_rank_allows(app, client, auth, demo, role):
    with app.app_context():
        slug = db.session.scalar(select(Negotiation.slug))
        change_id = db.session.scalar(select(ChangeRecord.id))
    if role is not None:
        auth.login(role)
    adapter = app.url_map.bind("localhost")
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in SIGNS_OUT, r.rule))
    problems = []
    for rule in rules:
        needed = needed_role(app, rule.endpoint)
        for method in ("GET", "POST"):
            if method not in rule.methods:
                continue
            # GETs open real records; POSTs aim at missing ones so the walk destroys nothing
            url = adapter.build(
                rule.endpoint, arguments(rule, slug, change_id, existing=method == "GET")
            )
            response = client.open(url, method=method)
            response.close()
            status = response.status_code
            signed_out = status == 302 and "/login" in response.headers.get("Location", "")
            if status >= 500:
                problems.append(f"{method} {url}: {status}")
            elif allowed(role, needed):
                if status in (401, 403) or (signed_out and rule.endpoint not in SIGNS_OUT):
                    if needed == "secret":
                        continue
                    problems.append(f"{method} {url} refused {role} ({status}), needs {needed}")
            elif role is None and needed == "token":
                if status != 401:
                    problems.append(f"{method} {url} let an anonymous caller in ({status})")
            elif role is None:
                if not signed_out:
                    problems.append(f"{method} {url} let an anonymous visitor in ({status})")
            elif status != 403:
                problems.append(f"{method} {url} let a {role.value} in ({status}), needs {needed}")
    assert problems == []


def test_viewers_change_nothing(app, client, auth, demo):
    """Every state-changing route refuses a viewer, except their own account and feeds."""
    auth.login("viewer")
    adapter = app.url_map.bind("localhost")
    own = {
        "auth.logout",
        "auth.change_password",
        "profile.create_token",
        "profile.revoke_token",
        "profile.end_session",
        "profile.end_all_sessions",
        "feeds.manage",
        "auth.login",
    }
    with app.app_context():
        slug = db.session.scalar(select(Negotiation.slug))
        change_id = db.session.scalar(select(ChangeRecord.id))
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in own or rule.endpoint.startswith("api."):
            continue
        url = adapter.build(rule.endpoint, arguments(rule, slug, change_id, existing=True))
        assert client.post(url).status_code == 403, url
