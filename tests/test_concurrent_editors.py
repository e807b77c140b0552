"""Eight editors saving different records of every kind at once, through a real threaded HTTP
server with real CSRF tokens: no save is refused, none fails, every value lands, and the
timeline's derived rows still match the records. Runs on SQLite and on PostgreSQL.

The records overlap on purpose, as a newsroom's do: every statement, outcome and development
names every editor's topic, person and organisation, so saving one person or topic rewrites
the timeline entries the other editors are saving at the same moment.
"""

from __future__ import annotations

import re
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
from tracker.services import catalogue, facts, negotiations, timeline_index

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


def create_overlapping_records(app) -> list[dict[str, int]]:
    """One record of every kind per editor, each fact naming everyone's topic, person and
    organisation; returns ``kind -> id`` per editor."""
    with app.app_context():
        session = db.session
        negotiation_id = session.scalar(select(Negotiation.id))
        shared_round_id = session.scalar(select(Round.id).where(Round.number == 1))
        owned: list[dict[str, int]] = []
        for i in range(EDITORS):
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
    entries = {
        (row.kind, row.record_id): (row.sort_date, row.round_id, row.search_text, set())
        for row in session.execute(select(TimelineEntry))
        for row in [row[0]]
    }
    by_id = {
        entry_id: (kind, record_id)
        for entry_id, kind, record_id in session.execute(
            select(TimelineEntry.id, TimelineEntry.kind, TimelineEntry.record_id)
        )
    }
    for entry_id, facet, value in session.execute(
        select(TimelineFacet.entry_id, TimelineFacet.facet, TimelineFacet.value)
    ):
        entries[by_id[entry_id]][3].add((facet, value))
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
