"""Personal API tokens: created on the profile page or the command line, shown once, stored as
a hash, revoked by their owner alone."""

from __future__ import annotations

import re

import pytest
from conftest import create_account
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import ApiToken, UserRole
from tracker.services import accounts, tokens
from tracker.services.errors import PermissionDenied, RuleViolation

TOKEN_TEXT = re.compile(r"nrt_[A-Za-z0-9_-]{40,}")


def user_by_email(email: str):
    return accounts.find_user_by_email(db.session, email)


def test_only_the_hash_of_a_token_is_stored(app):
    create_account(app, UserRole.VIEWER, "viewer@newsroom.example.org")
    with app.app_context():
        user = user_by_email("viewer@newsroom.example.org")
        token, text = tokens.create_token(db.session, user, "Notebook")
        db.session.commit()
        assert TOKEN_TEXT.fullmatch(text)
        assert token.token_hash == tokens.hash_token(text) != text
        assert text.startswith(token.prefix)
        assert len(token.prefix) < len(text) // 3
        assert tokens.user_for_token(db.session, text) == user
        assert tokens.user_for_token(db.session, text + "x") is None
        assert tokens.user_for_token(db.session, token.token_hash) is None


def test_a_token_needs_a_name_of_sensible_length(app):
    create_account(app, UserRole.VIEWER, "viewer@newsroom.example.org")
    with app.app_context():
        user = user_by_email("viewer@newsroom.example.org")
        for name in ("", "   ", "x" * 101):
            with pytest.raises(RuleViolation):
                tokens.create_token(db.session, user, name)


def test_only_the_owner_revokes_a_token(app):
    create_account(app, UserRole.VIEWER, "owner@newsroom.example.org")
    create_account(app, UserRole.ADMIN, "other@newsroom.example.org")
    with app.app_context():
        owner = user_by_email("owner@newsroom.example.org")
        other = user_by_email("other@newsroom.example.org")
        token, text = tokens.create_token(db.session, owner, "Sync")
        with pytest.raises(PermissionDenied):
            tokens.revoke_token(db.session, other, token.id)
        assert tokens.user_for_token(db.session, text) == owner
        tokens.revoke_token(db.session, owner, token.id)
        revoked_at = token.revoked_at
        tokens.revoke_token(db.session, owner, token.id)
        assert token.revoked_at == revoked_at
        assert tokens.user_for_token(db.session, text) is None


def test_profile_page_creates_a_token_shows_it_once_and_revokes_it(app, client, auth):
    auth.login(UserRole.VIEWER)
    page = client.get("/profile")
    assert page.status_code == 200
    assert "You have no API tokens yet." in page.text

    created = client.post("/profile/tokens", data={"name": "Data desk sync"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    text = TOKEN_TEXT.search(created.text).group(0)
    assert "Copy your new token now" in created.text

    again = client.get("/profile")
    assert "Data desk sync" in again.text
    assert text not in again.text
    assert text[:12] in again.text

    api_headers = {"Authorization": f"Bearer {text}"}
    assert client.get("/api/v1/topics", headers=api_headers).status_code == 200

    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    revoked = client.post(f"/profile/tokens/{token_id}/revoke", follow_redirects=True)
    assert revoked.status_code == 200
    assert "revoked" in revoked.text
    assert "Revoked" in revoked.text
    assert client.get("/api/v1/topics", headers=api_headers).status_code == 401


def test_profile_refuses_a_blank_name_beside_the_field(client, auth):
    auth.login(UserRole.VIEWER)
    response = client.post("/profile/tokens", data={"name": "  "})
    assert response.status_code == 422
    assert "This field is required" in response.text
    assert not TOKEN_TEXT.search(response.text)


def test_nobody_revokes_someone_elses_token_from_the_profile(app, client, auth):
    create_account(app, UserRole.EDITOR, "owner@newsroom.example.org")
    with app.app_context():
        token, _text = tokens.create_token(
            db.session, user_by_email("owner@newsroom.example.org"), "Owner's script"
        )
        db.session.commit()
        token_id = token.id
    auth.login(UserRole.ADMIN)
    assert client.post(f"/profile/tokens/{token_id}/revoke").status_code == 403
    assert client.post("/profile/tokens/999999/revoke").status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


def test_profile_needs_a_signed_in_user(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_create_token_command_prints_a_working_token(app, runner, client):
    create_account(app, UserRole.VIEWER, "script@newsroom.example.org")
    result = runner.invoke(
        args=["create-token", "Script@Newsroom.example.org", "--name", "Nightly export"]
    )
    assert result.exit_code == 0, result.output
    text = result.stdout.strip()
    assert TOKEN_TEXT.fullmatch(text)
    assert "Copy it now" in result.stderr
    response = client.get("/api/v1/topics", headers={"Authorization": f"Bearer {text}"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ApiToken.name)) == "Nightly export"


def test_create_token_command_names_an_unknown_account(runner):
    result = runner.invoke(args=["create-token", "nobody@newsroom.example.org"])
    assert result.exit_code != 0
    assert "No account with the email 'nobody@newsroom.example.org'" in result.output


def test_the_header_leads_to_the_profile(client, auth):
    auth.login(UserRole.EDITOR)
    home = client.get("/")
    assert 'href="/profile"' in home.text
    page = client.get("/profile")
    assert 'href="/account/password"' in page.text
