"""What each role may do: viewers read, editors write, admins also delete and manage accounts,
and anonymous visitors see only the sign-in page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Venue

VENUE = {"name": "Muscat Hills", "city": "Muscat", "country_code": "OM"}


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    for url in ("/", "/rounds/", "/rounds/1", "/venues/new", "/users/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    assert client.get("/login").status_code == 200


def test_anonymous_posts_change_nothing(app, client, demo):
    response = client.post("/venues/new", data=VENUE)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Venue)) == 2


@pytest.mark.parametrize(
    ("role", "read", "write", "delete", "accounts"),
    [
        ("viewer", 200, 403, 403, 403),
        ("editor", 200, 200, 403, 403),
        ("admin", 200, 200, 200, 200),
    ],
)
def test_each_role_sees_what_it_may(client, auth, demo, role, read, write, delete, accounts):
    auth.login(role)
    assert client.get("/rounds/2").status_code == read
    assert client.get("/venues/new").status_code == write
    assert client.get("/rounds/2/edit").status_code == write
    assert client.get("/venues/1/delete").status_code == delete
    assert client.get("/users/").status_code == accounts
    assert client.get("/users/new").status_code == accounts


def test_viewer_cannot_create_or_edit(app, client, auth, demo):
    auth.login("viewer")
    assert client.post("/venues/new", data=VENUE).status_code == 403
    assert client.post("/venues/1/edit", data={**VENUE, "version": "1"}).status_code == 403
    assert client.post("/venues/1/delete").status_code == 403
    with app.app_context():
        assert db.session.get(Venue, 1).name == "Muscat"


def test_viewer_sees_no_edit_buttons(client, auth, demo):
    auth.login("viewer")
    page = client.get("/rounds/2").get_data(as_text=True)
    assert "/rounds/2/edit" not in page
    assert "Add a participant" not in page


def test_editor_cannot_delete_but_admin_can(app, client, auth, demo):
    auth.login("editor")
    assert client.post("/venues/2/delete").status_code == 403
    auth.logout()
    auth.login("admin")
    response = client.post("/venues/2/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Venue, 2) is None


def test_admin_creates_an_account_that_can_sign_in(client, auth):
    auth.login("admin")
    response = client.post(
        "/users/new",
        data={
            "email": "Reporter@Example.org",
            "name": "Reporter",
            "role": "viewer",
            "active": "y",
            "password": "a long enough password",
        },
    )
    assert response.status_code == 302
    auth.logout()
    signed_in = client.post(
        "/login", data={"email": "reporter@example.org", "password": "a long enough password"}
    )
    assert signed_in.status_code == 302


def test_a_short_password_is_refused_next_to_the_field(client, auth):
    auth.login("admin")
    response = client.post(
        "/users/new",
        data={"email": "r@example.org", "name": "R", "role": "viewer", "password": "short"},
    )
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)


def test_deactivated_accounts_cannot_sign_in(app, client, auth):
    user = auth.login("viewer")
    auth.logout()
    with app.app_context():
        from tracker.models import User

        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 422
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused(client, auth):
    user = auth.login("viewer")
    auth.logout()
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    assert response.status_code == 422
    assert "do not match" in response.get_data(as_text=True)
