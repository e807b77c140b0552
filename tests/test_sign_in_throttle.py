"""Sign-in throttling: failures count per account *and* address and per address, so a stranger
who knows an editor's email cannot lock the editor out; behind trusted proxies the address is
the client's, not the proxy's; the counts are shared by every process through Redis."""

from __future__ import annotations

import uuid

from conftest import PASSWORD, create_account

from tracker import security
from tracker.models import UserRole

OWNER = "owner@newsroom.example.org"
STRANGER_ADDRESS = "203.0.113.66"
OWNER_ADDRESS = "198.51.100.20"


def login(client, email, password, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/login", data={"email": email, "password": password}, headers=headers)


def test_three_wrong_passwords_slow_that_account_from_that_address(app, client, caplog):
    create_account(app, UserRole.EDITOR, OWNER)
    for _ in range(3):
        assert login(client, OWNER, "wrong password!").status_code == 422
    slowed = login(client, OWNER, PASSWORD)
    assert slowed.status_code == 429
    assert "Several wrong passwords" in slowed.text and "minute" in slowed.text
    assert int(slowed.headers["Retry-After"]) > 0
    [warning] = [record for record in caplog.records if "throttled" in record.getMessage()]
    assert OWNER in warning.getMessage() and "127.0.0.1" in warning.getMessage()
    # another account from the same address is not slowed by this one's failures
    create_account(app, UserRole.VIEWER, "other@newsroom.example.org")
    assert login(client, "other@newsroom.example.org", PASSWORD).status_code == 302


def test_a_stranger_locks_out_only_their_own_address(app):
    with app.app_context():
        throttle = security.login_throttle()
        for _ in range(10):
            throttle.failed(OWNER, STRANGER_ADDRESS)
        refusal = throttle.refusal(OWNER.upper(), STRANGER_ADDRESS)
        assert refusal is not None and "this account from your address" in refusal.reason
        assert refusal.retry_after > 60
        assert throttle.refusal(OWNER, OWNER_ADDRESS) is None


def test_success_clears_the_count_for_that_address(app):
    with app.app_context():
        throttle = security.login_throttle()
        for _ in range(2):
            throttle.failed(OWNER, OWNER_ADDRESS)
        throttle.succeeded(OWNER, OWNER_ADDRESS)
        throttle.failed(OWNER, OWNER_ADDRESS)
        assert throttle.refusal(OWNER, OWNER_ADDRESS) is None  # 1 failure, not 3


def test_one_address_guessing_many_accounts_is_locked(app):
    with app.app_context():
        throttle = security.login_throttle()
        for number in range(50):
            throttle.failed(f"guess{number}@newsroom.example.org", "198.51.100.7")
        refusal = throttle.refusal("fresh@newsroom.example.org", "198.51.100.7")
        assert refusal is not None and "whatever the account" in refusal.reason
        assert throttle.refusal("fresh@newsroom.example.org", "198.51.100.8") is None


def test_without_trusted_proxies_forwarded_addresses_are_ignored(app, client):
    """Off by default: anyone could send X-Forwarded-For and pick a fresh address per guess."""
    create_account(app, UserRole.EDITOR, OWNER)
    for number in range(3):
        login(client, OWNER, "wrong password!", address=f"192.0.2.{number}")
    assert login(client, OWNER, PASSWORD, address="192.0.2.200").status_code == 429


def test_two_processes_behind_a_proxy_share_the_count_and_spare_the_owner(another_app, redis_url):
    """Two app instances stand for two hosts behind one load balancer, on one database and one
    Redis: the stranger's failures on one host count on the other, by the stranger's real
    address; the owner, at another address, still signs in."""
    config = {
        "REDIS_URL": redis_url,
        "THROTTLE_KEY_PREFIX": f"tracker-test-{uuid.uuid4().hex}",
        "PROXY_HOPS": 1,
    }
    first, second = another_app("one", **config), another_app("two", **config)
    create_account(first, UserRole.EDITOR, OWNER)
    one, two = first.test_client(), second.test_client()
    for _ in range(2):  # two failures on one host alone would not slow anyone down
        assert login(one, OWNER, "wrong password!", STRANGER_ADDRESS).status_code == 422
    assert login(two, OWNER, "wrong password!", STRANGER_ADDRESS).status_code == 422
    assert login(one, OWNER, PASSWORD, STRANGER_ADDRESS).status_code == 429
    assert login(two, OWNER, PASSWORD, STRANGER_ADDRESS).status_code == 429
    assert login(two, OWNER, PASSWORD, OWNER_ADDRESS).status_code == 302


def test_the_proxy_hop_count_picks_the_address_the_trusted_proxy_saw(another_app):
    """With one trusted hop, the last X-Forwarded-For entry is the client: entries a client
    wrote itself in front of it are not believed."""
    app = another_app("proxied", PROXY_HOPS=1)
    create_account(app, UserRole.EDITOR, OWNER)
    client = app.test_client()
    for number in range(3):
        spoofed = f"10.0.0.{number}, {STRANGER_ADDRESS}"
        assert login(client, OWNER, "wrong password!", spoofed).status_code == 422
    assert login(client, OWNER, PASSWORD, f"10.9.9.9, {STRANGER_ADDRESS}").status_code == 429
    assert login(client, OWNER, PASSWORD, OWNER_ADDRESS).status_code == 302
