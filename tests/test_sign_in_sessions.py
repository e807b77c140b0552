"""Sign-ins live on the server: signing out ends them for every copy of the cookies, a user sees
and ends their devices, a password change ends the others, an unknown email costs the same
hashing as a wrong password, and the most common passwords are refused at every door."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PASSWORD, create_account
from sqlalchemy import select

from tracker.db import utcnow
from tracker.extensions import db
from tracker.models import LoginSession, User, UserRole
from tracker.models import accounts as accounts_model
from tracker.services import accounts
from tracker.services.errors import RuleViolation
from tracker.views.profile import describe_browser

EMAIL = "devices@newsroom.example.org"
NEW_PASSWORD = "an entirely new passphrase"


def sign_in(client, remember=False, user_agent="Laptop browser"):
    data = {"email": EMAIL, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data, headers={"User-Agent": user_agent})
    assert response.status_code == 302, response.text
    return response


def signed_in(client, path="/profile") -> bool:
    response = client.get(path)
    response.close()
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200, path
    return True


def replay(app, **cookies):
    """A fresh browser holding nothing but copies of these cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


@pytest.fixture
def owner(app):
    return create_account(app, UserRole.EDITOR, EMAIL)


def test_a_copied_session_cookie_opens_nothing_after_sign_out(app, client, owner):
    sign_in(client)
    copied = client.get_cookie("session").value
    thief = replay(app, session=copied)
    assert signed_in(thief, "/profile") and signed_in(thief, "/exports/")
    client.post("/logout")
    assert not signed_in(client)
    assert not signed_in(thief, "/profile")
    assert not signed_in(thief, "/exports/")


def test_a_replayed_remember_cookie_opens_nothing_after_sign_out(app, client, owner):
    sign_in(client, remember=True)
    remembered = client.get_cookie("remember_token").value
    assert signed_in(replay(app, remember_token=remembered))  # it does work before sign-out
    client.post("/logout")
    assert not signed_in(replay(app, remember_token=remembered))
    with app.app_context():
        ended = db.session.scalar(select(LoginSession))
        assert ended.remembered and ended.revoked_at is not None


FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def test_ended_sign_ins_are_forgotten_at_the_next_one_and_stay_refused(app, client, owner):
    sign_in(client)
    copied = client.get_cookie("session").value
    client.post("/logout")
    sign_in(client)
    with app.app_context():
        assert len(db.session.scalars(select(LoginSession)).all()) == 1
    assert not signed_in(replay(app, session=copied))
    assert signed_in(client)


def test_the_profile_lists_devices_and_signs_one_out(app, client, owner):
    phone = app.test_client()
    sign_in(client, user_agent=FIREFOX_ON_WINDOWS)
    sign_in(phone, remember=True, user_agent=CHROME_ON_ANDROID)
    page = client.get("/profile").text
    assert "Firefox on Windows" in page and "Chrome on Android" in page
    assert "(this device)" in page and "Sign out everywhere" in page
    with app.app_context():
        phone_session = db.session.scalar(
            select(LoginSession).where(LoginSession.user_agent == CHROME_ON_ANDROID)
        )
        assert phone_session.address == "127.0.0.1" and phone_session.remembered
    response = client.post(f"/profile/sessions/{phone_session.id}/end")
    assert response.status_code == 302
    assert not signed_in(phone)
    assert signed_in(client)
    page = client.get("/profile").text
    assert "Firefox on Windows" in page and "Chrome on Android" not in page


@pytest.mark.parametrize(
    ("user_agent", "described"),
    [
        (FIREFOX_ON_WINDOWS, "Firefox on Windows"),
        (CHROME_ON_ANDROID, "Chrome on Android"),
        (SAFARI_ON_IPHONE, "Safari on iOS"),
        (EDGE_ON_WINDOWS, "Edge on Windows"),
        ("curl/8.5.0", "curl"),
        ("a newsroom script", "a newsroom script"),
        ("", "Unknown"),
    ],
)
def test_devices_are_named_as_people_know_them(app, user_agent, described):
    with app.test_request_context():
        assert describe_browser(user_agent) == described


def test_no_one_signs_out_someone_elses_device(app, client, owner):
    sign_in(client)
    with app.app_context():
        own = db.session.scalar(select(LoginSession.id))
    create_account(app, UserRole.ADMIN, "admin@newsroom.example.org")
    admin = app.test_client()
    admin.post("/login", data={"email": "admin@newsroom.example.org", "password": PASSWORD})
    assert admin.post(f"/profile/sessions/{own}/end").status_code == 403
    assert admin.post("/profile/sessions/999999/end").status_code == 404
    assert signed_in(client)


def test_signing_out_this_device_from_the_list_signs_it_out(app, client, owner):
    sign_in(client)
    with app.app_context():
        own = db.session.scalar(select(LoginSession.id))
    response = client.post(f"/profile/sessions/{own}/end")
    assert "/login" in response.headers["Location"]
    assert not signed_in(client)


def test_sign_out_everywhere_ends_every_device_and_remembered_cookie(app, client, owner):
    phone, tablet = app.test_client(), app.test_client()
    sign_in(client)
    sign_in(phone, remember=True)
    sign_in(tablet)
    remembered = phone.get_cookie("remember_token").value
    response = client.post("/profile/sessions/end-all")
    assert "/login" in response.headers["Location"]
    for device in (client, phone, tablet, replay(app, remember_token=remembered)):
        assert not signed_in(device)
    with app.app_context():
        assert db.session.scalars(select(LoginSession.revoked_at)).all().count(None) == 0


def test_a_password_change_ends_the_other_devices_and_their_cookies(app, client, owner):
    phone = app.test_client()
    sign_in(client)
    sign_in(phone, remember=True)
    remembered = phone.get_cookie("remember_token").value
    changed = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    assert signed_in(client)
    assert not signed_in(phone)
    assert not signed_in(replay(app, remember_token=remembered))


def test_an_admin_resetting_a_password_signs_the_owner_out(app, client, owner):
    sign_in(client)
    with app.app_context():
        user = db.session.get(User, owner.id)
        accounts.users.update(db.session, None, user, {"password": NEW_PASSWORD})
        db.session.commit()
    assert not signed_in(client)


def test_an_idle_sign_in_expires(app, client, owner):
    sign_in(client)
    with app.app_context():
        login_session = db.session.scalar(select(LoginSession))
        login_session.last_seen_at = utcnow() - LoginSession.IDLE_LIMIT - dt.timedelta(minutes=1)
        db.session.commit()
    assert not signed_in(client)


def test_using_a_sign_in_stamps_when_it_was_last_seen(app, client, owner):
    sign_in(client)
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    with app.app_context():
        db.session.scalar(select(LoginSession)).last_seen_at = an_hour_ago
        db.session.commit()
    assert signed_in(client)
    with app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) > an_hour_ago


def test_a_deactivated_account_is_signed_out_at_once(app, client, owner):
    sign_in(client)
    with app.app_context():
        db.session.get(User, owner.id).active = False
        db.session.commit()
    assert not signed_in(client)


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts real password hash checks (the real function still runs)."""
    calls = []
    real = accounts_model.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(accounts_model, "check_password_hash", counting)
    return calls


def test_unknown_emails_cost_one_password_hash_like_known_ones(app, owner, hash_checks):
    with app.app_context():
        assert accounts.authenticate(db.session, EMAIL, "wrong password!") is None
        assert accounts.authenticate(db.session, "nobody@newsroom.example.org", "x") is None
        db.session.get(User, owner.id).active = False
        assert accounts.authenticate(db.session, EMAIL, PASSWORD) is None
    assert len(hash_checks) == 3
    method = accounts_model.PASSWORD_HASH_METHOD
    assert all(pwhash.startswith(method) for pwhash in hash_checks)


def test_the_sign_in_page_hashes_for_unknown_emails_too(client, hash_checks):
    response = client.post(
        "/login", data={"email": "nobody@newsroom.example.org", "password": "guess guess"}
    )
    assert response.status_code == 422
    assert len(hash_checks) == 1


@pytest.mark.parametrize("common", ["1234567890", "qwertyuiop", "Password123", "iloveyou123"])
def test_the_most_common_passwords_are_refused(common):
    with pytest.raises(RuleViolation, match="most common passwords"):
        accounts.check_password_strength(common)


def test_a_common_password_is_refused_on_the_password_form(client, owner):
    sign_in(client)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "password123",
            "confirm_password": "password123",
        },
    )
    assert response.status_code == 422
    assert "most common passwords" in response.text


def test_a_common_password_is_refused_when_an_admin_creates_an_account(app, client):
    create_account(app, UserRole.ADMIN, "admin@newsroom.example.org")
    client.post("/login", data={"email": "admin@newsroom.example.org", "password": PASSWORD})
    response = client.post(
        "/users/new",
        data={"email": "r@example.org", "name": "R", "role": "viewer", "password": "qwertyuiop"},
    )
    assert response.status_code == 422
    assert "most common passwords" in response.text


def test_a_common_password_is_refused_by_the_cli(app, runner):
    result = runner.invoke(args=["create-user", "cli@example.org"], input="1234567890\n")
    assert result.exit_code != 0
    assert "most common passwords" in result.output
    with app.app_context():
        assert accounts.find_user_by_email(db.session, "cli@example.org") is None
