"""Eight editors saving different records of every kind at once, through a real threaded HTTP
server with real CSRF tokens: no save is refused, none fails, every value lands, and the
timeline's derived rows still match the records. Runs on SQLite and on PostgreSQL.

The records overlap on purpose, as a newsroom's do: every statement, outcome and development
names every editor's topic, person and organisation, so saving one person or topic rewrites
the timeline entries the other editors are saving at the same moment.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
from conftest import PASSWORD, create_account
from html_forms import form_fields
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.serving import make_server

from tracker.db import TRANSACTION_ATTEMPTS, WRITE_INTENT, is_transient, run_transaction
from tracker.extensions import db
from tracker.models import (
    Development,
    Negotiation,
    Organisation,
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Topic,
    UserRole,
    Venue,
)
from tracker.models.timeline import TimelineEntry, TimelineFacet, TimelineFacetTotal
from tracker.services import catalogue, constraints, facts, negotiations, timeline_index

EDITORS = 8
SAVES_EACH = 2

#: kind -> (URL prefix, model, the text field each save changes)
KINDS: dict[str, tuple[str, type, str]] = {
    "person": ("people", Person, "description"),
    "organisation": ("organisations", Organisation, "description"),
    "venue": ("venues", Venue, "city"),
    "topic": ("topics", Topic, "description"),
    "source": ("sources", Source, "notes"),
    "round": ("rounds", Round, "summary"),
    "statement": ("statements", Statement, "text_translation"),
    "outcome": ("outcomes", ReportedOutcome, "summary"),
    "development": ("developments", Development, "description"),
}


@pytest.fixture
def server(app, demo) -> Iterator[str]:
    """The app, with CSRF protection on as in production, served on 127.0.0.1 by a threaded
    server."""
    app.config["WTF_CSRF_ENABLED"] = True
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


def create_overlapping_records(app, editors: int = EDITORS) -> list[dict[str, int]]:
    """One record of every kind per editor, each fact naming everyone's topic, person and
    organisation; returns ``kind -> id`` per editor. (``bench/concurrent_saves.py`` uses it
    too.)"""
    with app.app_context():
        session = db.session
        negotiation_id = session.scalar(select(Negotiation.id))
        shared_round_id = session.scalar(select(Round.id).where(Round.number == 1))
        owned: list[dict[str, int]] = []
        for i in range(editors):
            organisation = catalogue.organisations.create(
                session, None, {"name": f"Organisation of editor {i}"}
            )
            person = catalogue.people.create(
                session, None, {"name": f"Person of editor {i}", "organisation_id": organisation.id}
            )
            venue = catalogue.venues.create(session, None, {"name": f"Venue of editor {i}"})
            topic = catalogue.topics.create(session, None, {"name": f"Topic of editor {i}"})
            source = catalogue.sources.create(
                session,
                None,
                {"headline": f"Report {i}", "url": f"https://news.example.org/{i}"},
            )
            owned.append(
                {
                    "person": person.id,
                    "organisation": organisation.id,
                    "venue": venue.id,
                    "topic": topic.id,
                    "source": source.id,
                }
            )
        everyone = {kind: [own[kind] for own in owned] for kind in owned[0]}
        for i, own in enumerate(owned):
            own["round"] = negotiations.rounds.create(
                session,
                None,
                {
                    "negotiation_id": negotiation_id,
                    "number": 100 + i,
                    "venue_id": own["venue"],
                    "mediator_id": own["organisation"],
                    "topic_ids": everyone["topic"],
                    "source_ids": [own["source"]],
                },
            ).id
            negotiations.participations.create(
                session,
                None,
                {"round_id": shared_round_id, "person_id": own["person"], "role": "delegate"},
            )
            own["statement"] = facts.statements.create(
                session,
                None,
                {
                    "negotiation_id": negotiation_id,
                    "round_id": shared_round_id,
                    "speaker_id": own["person"],
                    "text_original": f"Statement of editor {i}",
                    "language": "en",
                    "speech": "direct",
                    "attribution": "on_record",
                    "verification": "reported",
                    "when_edtf": "2025-04-12",
                    "topic_ids": everyone["topic"],
                    "source_ids": [own["source"]],
                },
            ).id
            own["outcome"] = facts.outcomes.create(
                session,
                None,
                {
                    "round_id": shared_round_id,
                    "summary": f"Outcome reported by editor {i}",
                    "reported_by_id": own["organisation"],
                    "verification": "reported",
                    "topic_ids": everyone["topic"],
                    "source_ids": [own["source"]],
                },
            ).id
            own["development"] = facts.developments.create(
                session,
                None,
                {
                    "negotiation_id": negotiation_id,
                    "headline": f"Development of editor {i}",
                    "verification": "reported",
                    "topic_ids": everyone["topic"],
                    "person_ids": everyone["person"],
                    "organisation_ids": everyone["organisation"],
                    "source_ids": [own["source"]],
                },
            ).id
        session.commit()
        return owned


@dataclass
class EditorLog:
    """What one editor saw: every accepted save and anything else."""

    accepted: list[tuple[str, int, str]] = field(default_factory=list)
    refused: list[tuple[str, int, int, str]] = field(default_factory=list)


def sign_in(browser: requests.Session, base: str, email: str) -> None:
    """Through the sign-in form, with the CSRF token it carries."""
    token = form_fields(browser.get(f"{base}/login", timeout=30).text)["csrf_token"]
    signed_in = browser.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]


def what_went_wrong(response: requests.Response) -> str:
    """The messages a person would read on a refused save (or the start of an odd answer)."""
    said = re.findall(r'role="alert">\s*(.*?)\s*</', response.text, re.S)
    return " | ".join(said) or response.text[:300]


def save(browser: requests.Session, base: str, kind: str, record_id: int, value: str, log):
    """Open the record's edit form, change one text field, submit it as a browser would."""
    prefix, _model, name = KINDS[kind]
    url = f"{base}/{prefix}/{record_id}/edit"
    page = browser.get(url, timeout=60)
    if page.status_code != 200:
        log.refused.append((kind, record_id, page.status_code, what_went_wrong(page)))
        return
    data = form_fields(page.text)
    assert data.get("csrf_token", [""])[0], "the form carries a CSRF token"
    data[name] = [value]
    response = browser.post(url, data=data, allow_redirects=False, timeout=60)
    if response.status_code in (302, 303):
        log.accepted.append((kind, record_id, value))
    else:
        log.refused.append((kind, record_id, response.status_code, what_went_wrong(response)))


def timeline_state(session) -> tuple[dict, dict]:
    """Every entry (by kind and record) with its facets, and every facet total."""
    entries, by_id = {}, {}
    for entry_id, kind, record_id, *values in session.execute(
        select(
            TimelineEntry.id,
            TimelineEntry.kind,
            TimelineEntry.record_id,
            *timeline_index.ENTRY_COLUMNS_SELECTED,
        )
    ):
        entries[(kind, record_id)] = (*values, set())
        by_id[entry_id] = (kind, record_id)
    for entry_id, facet, value in session.execute(
        select(TimelineFacet.entry_id, TimelineFacet.facet, TimelineFacet.value)
    ):
        entries[by_id[entry_id]][-1].add((facet, value))
    totals = dict(
        ((facet, value), count)
        for facet, value, count in session.execute(
            select(TimelineFacetTotal.facet, TimelineFacetTotal.value, TimelineFacetTotal.entries)
        )
    )
    return entries, totals


def test_eight_editors_saving_every_kind_at_once_are_never_refused(app, server):
    owned = create_overlapping_records(app)
    emails = [f"editor{i}@newsroom.example.org" for i in range(EDITORS)]
    for email in emails:
        create_account(app, UserRole.EDITOR, email)
    logs = [EditorLog() for _ in range(EDITORS)]
    start = threading.Barrier(EDITORS)
    kinds = list(KINDS)

    def editor(i: int) -> None:
        with requests.Session() as browser:
            sign_in(browser, server, emails[i])
            start.wait()
            for n in range(SAVES_EACH):
                # each editor walks the kinds from a different place, so every kind is being
                # saved by someone at every moment
                for step in range(len(kinds)):
                    kind = kinds[(i + step) % len(kinds)]
                    save(browser, server, kind, owned[i][kind], f"{kind} {i}.{n}", logs[i])

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [log.refused for log in logs] == [[] for _ in logs]
    accepted = [save for log in logs for save in log.accepted]
    assert len(accepted) == EDITORS * SAVES_EACH * len(KINDS)
    with app.app_context():
        for i, own in enumerate(owned):
            for kind, (_prefix, model, name) in KINDS.items():
                record = db.session.get(model, own[kind])
                assert getattr(record, name) == f"{kind} {i}.{SAVES_EACH - 1}", (kind, i)
        # the derived rows the saves rewrote are exactly what a rebuild from scratch makes
        kept = timeline_state(db.session)
        timeline_index.rebuild(db.session)
        assert timeline_state(db.session) == kept
        db.session.rollback()


def test_a_save_rewrites_its_timeline_entry_in_place(app, demo):
    """The entry keeps its row: an edit updates it and its facets rather than deleting and
    re-inserting them (which is what made concurrent saves collide)."""
    with app.app_context():
        statement = db.session.scalar(select(Statement).order_by(Statement.id))
        entry_id = db.session.scalar(
            select(TimelineEntry.id)
            .where(TimelineEntry.record_id == statement.id)
            .where(TimelineEntry.kind == "statement")
        )
        topic = catalogue.topics.create(db.session, None, {"name": "Sanctions relief"})
        facts.statements.update(
            db.session,
            None,
            statement,
            {
                "text_translation": "a new translation",
                "topic_ids": [t.id for t in statement.topics] + [topic.id],
            },
        )
        db.session.commit()
        entry = db.session.get(TimelineEntry, entry_id)
        assert entry is not None and "new translation" in entry.search_text
        assert (
            db.session.scalar(
                select(TimelineFacet.entry_id).where(
                    TimelineFacet.facet == "topic", TimelineFacet.value == str(topic.id)
                )
            )
            == entry_id
        )
        assert db.session.get(TimelineFacetTotal, ("topic", str(topic.id))).entries == 1
        kept = timeline_state(db.session)
        timeline_index.rebuild(db.session)
        assert timeline_state(db.session) == kept
        db.session.rollback()


class OtherWriter(threading.Thread):
    """Another writer, on its own connection, that makes the first attempt of the unit of work
    under test fail for real. On PostgreSQL it takes the second venue, then waits for the
    first, which the test holds: when the test then asks for the second, the two deadlock and
    the test's side, whose deadlock check comes first, is the one the database aborts. On
    SQLite it holds the write lock until the test has given up waiting for it."""

    def __init__(self, app, is_postgres: bool, venue_ids: list[int]) -> None:
        super().__init__()
        self.app, self.is_postgres, self.venue_ids = app, is_postgres, venue_ids
        self.holds_lock, self.test_failed = threading.Event(), threading.Event()
        self.backend_pid: int | None = None

    def run(self) -> None:
        first, second = self.venue_ids
        with self.app.app_context(), db.engine.connect() as connection:
            if self.is_postgres:
                connection.execute(text("SET LOCAL deadlock_timeout = '10s'"))
                self.backend_pid = connection.scalar(text("SELECT pg_backend_pid()"))
                connection.execute(update(Venue).where(Venue.id == second).values(city="other"))
                self.holds_lock.set()
                connection.execute(update(Venue).where(Venue.id == first).values(city="other"))
            else:  # BEGIN IMMEDIATE: the write lock is taken with the transaction
                connection.execution_options(**{WRITE_INTENT: True}).execute(text("SELECT 1"))
                self.holds_lock.set()
                assert self.test_failed.wait(30)
            connection.commit()

    def wait_until_blocked(self) -> None:
        """Until this writer holds its lock (and, on PostgreSQL, waits for the test's row)."""
        assert self.holds_lock.wait(30)
        if not self.is_postgres:
            return
        with db.engine.connect() as watcher:
            for _ in range(300):
                waiting = watcher.scalar(
                    text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": self.backend_pid},
                )
                if waiting == "Lock":
                    return
                watcher.rollback()
                time.sleep(0.05)
        raise AssertionError("the other writer never started waiting")


def test_run_transaction_reruns_work_after_a_real_transient_failure(app, is_postgres):
    """A real deadlock (PostgreSQL) or a real "database is locked" (SQLite) in the first attempt;
    the second attempt, rerun from the start, commits."""
    with app.app_context():
        venue_ids = [
            catalogue.venues.create(db.session, None, {"name": name}).id
            for name in ("Muscat", "Rome")
        ]
        db.session.commit()
    other = OtherWriter(app, is_postgres, venue_ids)
    failures: list[Exception] = []

    def work() -> int:
        attempt = len(failures) + 1
        try:
            if is_postgres:
                db.session.execute(text("SET LOCAL deadlock_timeout = '100ms'"))
                db.session.execute(
                    update(Venue).where(Venue.id == venue_ids[0]).values(city=f"try {attempt}")
                )
            else:
                db.session.execute(text("PRAGMA busy_timeout = 100"))
            if attempt == 1:
                other.start()
                other.wait_until_blocked()
            db.session.execute(
                update(Venue).where(Venue.id.in_(venue_ids)).values(city=f"try {attempt}")
            )
            db.session.commit()
            return attempt
        except Exception as error:
            failures.append(error)
            other.test_failed.set()
            raise

    with app.app_context():
        try:
            assert run_transaction(db.session, work) == 2
        finally:
            if not is_postgres:
                db.session.execute(text("PRAGMA busy_timeout = 15000"))
            other.join()
        assert len(failures) == 1 and is_transient(failures[0])
        assert isinstance(failures[0], OperationalError)
        if is_postgres:
            assert failures[0].orig.sqlstate == "40P01"  # deadlock detected
        else:
            assert "database is locked" in str(failures[0].orig)
        cities = db.session.scalars(select(Venue.city).where(Venue.id.in_(venue_ids))).all()
        assert cities == ["try 2", "try 2"]


def test_a_unit_of_work_that_keeps_failing_is_reported_not_retried_forever(app):
    """After the last attempt the transient error reaches the caller; anything else is never
    retried."""
    calls: list[int] = []

    def locked() -> None:
        calls.append(1)
        raise OperationalError("UPDATE venue", {}, sqlite3.OperationalError("database is locked"))

    def broken() -> None:
        calls.append(1)
        raise OperationalError("UPDATE venue", {}, sqlite3.OperationalError("no such table: x"))

    with app.app_context():
        with pytest.raises(OperationalError):
            run_transaction(db.session, locked, attempts=3)
        assert len(calls) == 3
        calls.clear()
        with pytest.raises(OperationalError):
            run_transaction(db.session, broken)
        assert len(calls) == 1


def test_pages_and_the_api_retry_then_answer_503_with_retry_after(app, auth, client):
    """A view is rerun whole after a transient failure, so the person sees it succeed; one
    that fails every time is a 503 asking to retry (JSON under /api/), never a 500."""
    calls: list[str] = []

    def flaky():
        calls.append("flaky")
        if len(calls) == 1:
            raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
        return "saved"

    def always_locked():
        calls.append("locked")
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    app.add_url_rule("/test-flaky", "test_flaky", flaky, methods=["POST"])
    app.add_url_rule("/api/v1/test-locked", "test_locked", always_locked, methods=["POST"])
    auth.login("editor")
    assert client.post("/test-flaky").text == "saved"
    assert calls == ["flaky", "flaky"]
    calls.clear()
    busy = client.post("/api/v1/test-locked")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert busy.get_json()["error"]["status"] == 503
    assert calls == ["locked"] * TRANSACTION_ATTEMPTS


def test_a_duplicate_round_number_names_the_number_field(app, auth, client, demo):
    """Whether the service's check catches it (the form) or the database's unique key does (two
    editors at the same moment), the refusal is put next to the round number."""
    auth.login("editor")
    with app.app_context():
        taken = db.session.scalar(select(Round).where(Round.number == 1))
        negotiation_id, number, venue_id = taken.negotiation_id, taken.number, taken.venue_id
    data = form_fields(client.get("/rounds/new").text)
    data.update(negotiation_id=[str(negotiation_id)], number=[str(number)])
    refused = client.post("/rounds/new", data=data)
    assert refused.status_code == 422
    assert re.search(r'id="number-error"[^>]*>[^<]*already has a round', refused.text)

    with app.app_context():
        db.session.add(Round(negotiation_id=negotiation_id, number=number))
        with pytest.raises(IntegrityError) as duplicate:
            db.session.flush()
        db.session.rollback()
        refusal = constraints.violation(duplicate.value)
        assert refusal.field == "number"
        assert refusal.message == "This negotiation already has a round with this number."

        db.session.add(Round(negotiation_id=negotiation_id, number=77, venue_id=venue_id + 999))
        with pytest.raises(IntegrityError) as missing:
            db.session.flush()
        db.session.rollback()
        refusal = constraints.violation(missing.value)
        if db.engine.dialect.name == "postgresql":
            assert (refusal.field, refusal.message) == (
                "venue_id",
                "The chosen venue no longer exists: choose another.",
            )
        else:  # SQLite does not say which link failed
            assert refusal.message.startswith("One of the chosen records no longer exists")
