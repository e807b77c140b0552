"""Many editors saving at once through a real HTTP server: nothing accepted is lost, nothing
is overwritten, and nobody sees a 500. Runs on SQLite (WAL, busy timeout, writers taking the
lock with BEGIN IMMEDIATE) and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
from conftest import PASSWORD, create_account
from html_forms import form_fields
from sqlalchemy import select
from werkzeug.serving import make_server

from tracker.extensions import db
from tracker.models import ChangeAction, Round, UserRole, Venue
from tracker.services import history
from tracker.services.catalogue import venues

CLIENTS = 8
SAVES_EACH = 4


@pytest.fixture
def server(app, demo) -> Iterator[str]:
    """The app served on 127.0.0.1 by a threaded server, as a browser would reach it."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    httpd.daemon_threads = False  # server_close() then waits for every request to finish
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


@dataclass
class Outcome:
    """What one client saw: every accepted (record, value) and every refusal."""

    accepted: list[tuple[str, int, str]] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    unexpected: list[tuple[int, str]] = field(default_factory=list)


def save(
    browser: requests.Session,
    base: str,
    path: str,
    summary_field: str,
    value: str,
    seen: Outcome,
    kind: str,
    record_id: int,
) -> None:
    """Open the edit form, change one field, save; after a conflict, save the merged form."""
    page = browser.get(base + path, timeout=30)
    if page.status_code != 200:
        seen.unexpected.append((page.status_code, page.text[:500]))
        return
    data = form_fields(page.text)
    data[summary_field] = [value]
    for _attempt in range(2):
        response = browser.post(base + path, data=data, allow_redirects=False, timeout=30)
        if response.status_code in (302, 303):
            seen.accepted.append((kind, record_id, value))
            return
        if response.status_code == 409 and "Someone else saved" in response.text:
            seen.refused.append(response.status_code)
            data = form_fields(response.text)
            data[summary_field] = [value]
            continue
        seen.unexpected.append((response.status_code, response.text[:500]))
        return


def test_concurrent_editors_lose_nothing(app, server):
    emails = [f"editor{i}@newsroom.example.org" for i in range(CLIENTS)]
    for email in emails:
        create_account(app, UserRole.EDITOR, email)
    with app.app_context():
        shared_id = db.session.scalar(select(Round.id).where(Round.number == 2))
        own_ids = []
        for i in range(CLIENTS):
            own_ids.append(venues.create(db.session, None, {"name": f"Venue of client {i}"}).id)
        db.session.commit()

    outcomes = [Outcome() for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)

    def editor(i: int) -> None:
        with requests.Session() as browser:
            work(i, browser)

    def work(i: int, browser: requests.Session) -> None:
        signed_in = browser.post(
            server + "/login",
            data={"email": emails[i], "password": PASSWORD},
            allow_redirects=False,
            timeout=30,
        )
        assert signed_in.status_code == 302
        start.wait()
        for n in range(SAVES_EACH):
            save(
                browser,
                server,
                f"/rounds/{shared_id}/edit",
                "summary",
                f"client {i} save {n}",
                outcomes[i],
                "round",
                shared_id,
            )
            save(
                browser,
                server,
                f"/venues/{own_ids[i]}/edit",
                "city",
                f"city {i}.{n}",
                outcomes[i],
                "venue",
                own_ids[i],
            )

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [o.unexpected for o in outcomes] == [[] for _ in outcomes]
    accepted = [item for o in outcomes for item in o.accepted]
    assert len([a for a in accepted if a[0] == "venue"]) == CLIENTS * SAVES_EACH
    assert sum(len(o.refused) for o in outcomes) > 0, "the editors never collided"
    with app.app_context():
        for kind, record_id in {("round", shared_id), *(("venue", v) for v in own_ids)}:
            changes = history.changes_to(db.session, kind, record_id)
            field_name = "summary" if kind == "round" else "city"
            written = [
                c.changes[field_name][1]
                for c in changes
                if c.action is ChangeAction.UPDATE and field_name in c.changes
            ]
            expected = [value for k, r, value in accepted if (k, r) == (kind, record_id)]
            # every accepted save is in the history exactly once, and the record shows the last
            assert sorted(written) == sorted(expected)
            model = Round if kind == "round" else Venue
            record = db.session.get(model, record_id)
            assert getattr(record, field_name) == written[0]
            # versions never skip or repeat: each accepted save was based on the one before
            versions = [c.version for c in changes]
            assert versions == list(range(len(changes), 0, -1))


def test_a_lost_race_or_a_busy_database_is_a_clear_answer_not_a_500(app, auth, client):
    """The safety nets behind the pages: a StaleRecord nothing caught is a 409, and SQLite
    still locked after the busy timeout is a 503 asking to try again."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from tracker.services.errors import StaleRecord

    def stale():
        raise StaleRecord(None, 1)

    def busy():
        raise OperationalError("UPDATE round", {}, sqlite3.OperationalError("database is locked"))

    app.add_url_rule("/test-stale", "test_stale", stale, methods=["POST"])
    app.add_url_rule("/test-busy", "test_busy", busy, methods=["POST"])
    auth.login("editor")
    conflict = client.post("/test-stale")
    assert conflict.status_code == 409 and "nothing was overwritten" in conflict.text
    waiting = client.post("/test-busy", headers={"Accept": "application/json"})
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "5"
    assert waiting.get_json()["error"]["title"] == "The database is busy"
