"""The web surface: security headers and a CSP the app's own pages satisfy, cookies, sessions
ended by a password change, safe ``next`` redirects, and CSRF on every state change. (Sign-in
throttling: ``test_sign_in_throttle.py``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PASSWORD, create_account

from tracker import config as tracker_config
from tracker import security
from tracker.models import UserRole

TEMPLATES = tracker_config.resource_dir("templates")


def test_pages_carry_the_security_headers(client, auth, demo):
    for path in ("/login", "/static/tracker.css"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == security.CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers
        response.close()
    with client.get("/static/tracker.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")
    auth.login("editor")
    page = client.get("/rounds/1")
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]


def test_https_deployments_get_strict_transport_security(another_app):
    app = another_app(SESSION_COOKIE_SECURE=True)
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


INLINE = [
    # a JSON data block (type="application/json") is never run, so the CSP does not cover it
    (
        re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I),
        "an inline <script>",
    ),
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_templates_need_nothing_the_csp_forbids(template):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{template} has {', '.join(found)}: move it to a file under static/"


def test_rendered_pages_need_nothing_the_csp_forbids(client, auth, demo):
    auth.login("admin")
    for path in ("/", "/rounds/", "/rounds/1", "/rounds/1/edit", "/rounds/1/history", "/changes/"):
        text = client.get(path).text
        for pattern, what in INLINE:
            assert not pattern.search(text), f"{path} renders {what}"


def login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def test_session_cookie_is_httponly_and_samesite_lax(app, client):
    create_account(app, UserRole.EDITOR, "cookie@newsroom.example.org")
    response = login(client, "cookie@newsroom.example.org", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_behind_https(another_app):
    app = another_app(SESSION_COOKIE_SECURE=True)
    create_account(app, UserRole.EDITOR, "secure@newsroom.example.org")
    response = login(app.test_client(), "secure@newsroom.example.org", PASSWORD)
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_password_change_signs_out_other_devices(app, client):
    create_account(app, UserRole.EDITOR, "devices@newsroom.example.org")
    laptop, phone = client, app.test_client()
    assert login(laptop, "devices@newsroom.example.org", PASSWORD).status_code == 302
    assert login(phone, "devices@newsroom.example.org", PASSWORD).status_code == 302
    changed = laptop.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "an entirely new passphrase",
            "confirm_password": "an entirely new passphrase",
        },
    )
    assert changed.status_code == 302
    assert laptop.get("/rounds/").status_code == 200
    signed_out = phone.get("/rounds/")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "https:evil.example",
        "evil.example",
        " //evil.example",
        "/%2F%2Fevil.example",
    ],
)
def test_next_never_leaves_the_site(app, client, target):
    create_account(app, UserRole.EDITOR, "next@newsroom.example.org")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "next@newsroom.example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil.example" not in location or location.startswith("/%2F")


def test_next_inside_the_site_is_followed(app, client):
    create_account(app, UserRole.EDITOR, "follow@newsroom.example.org")
    response = client.post(
        "/login?next=/rounds/%3Fpage%3D2",
        data={"email": "follow@newsroom.example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/rounds/?page=2"


def test_state_changes_need_the_csrf_token(another_app):
    app = another_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    refused = client.post("/login", data={"email": "x@newsroom.example.org", "password": "y"})
    assert refused.status_code == 400
    assert "Form expired" in refused.text or "CSRF" in refused.text
    assert client.post("/logout").status_code in (302, 400)
    assert client.post("/venues/new", data={"name": "x"}).status_code in (302, 400)


def test_no_template_is_missing_from_the_scan():
    assert Path(TEMPLATES / "base.html").exists()
