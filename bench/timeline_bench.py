"""Timeline benchmark: how fast the reporters' timeline answers at 100,000 and 1,000,000 entries.

Builds a synthetic tracker through the real models (bulk inserts, then the timeline rebuild)
in a temporary SQLite file, then measures the server time of real requests through the app:
the first page, a page 1,000 pages deep, a filtered page with its facet counts, and searches
for a common word, a rare word and a Persian word. Prints median and 90th-percentile times.

    .venv/bin/python bench/timeline_bench.py                   # 100k and 1M
    .venv/bin/python bench/timeline_bench.py --sizes 100000    # just 100k
    .venv/bin/python bench/timeline_bench.py --rebuild         # do not reuse a built file

Built files are kept in the temp folder and reused by the next run (``--rebuild`` to start
over), because building a million entries takes minutes. This is not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from tracker import create_app, migrate
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
    TimelineEntry,
    Topic,
    UserRole,
)
from tracker.models.links import (
    development_sources,
    development_topics,
    outcome_sources,
    round_sources,
    statement_sources,
    statement_topics,
)
from tracker.services import accounts, timeline_index
from tracker.services.timeline import PAGE_SIZE

PASSWORD = "benchmark-password"
WORDS = [
    "sanctions",
    "enrichment",
    "factions",
    "sovereignty",
    "mediator",
    "delegation",
    "proposal",
    "framework",
    "guarantees",
    "verification",
    "inspectors",
    "reactor",
    "uranium",
    "ceasefire",
    "prisoners",
    "exchange",
    "envoy",
    "ministry",
    "statement",
    "optimism",
    "progress",
    "obstacles",
    "demands",
    "relief",
    "oil",
    "exports",
    "militias",
    "resistance",
    "integration",
    "dismantling",
    "parliament",
    "committee",
    "security",
    "regional",
    "alliances",
]
PERSIAN = [
    "مذاکرات",
    "هسته\u200cای",
    "تحریم\u200cها",
    "غنی\u200cسازی",
    "وزیر",
    "امور",
    "خارجه",
    "گفت",
]
ARABIC = ["الفصائل", "المسلحة", "الحشد", "الشعبي", "السيادة", "العراق", "المفاوضات"]
COMMON, RARE, PERSIAN_WORD = "talks", "zugzwang", "مذاکرات"
START = dt.date(2015, 1, 1)


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.5:
        chosen.insert(rng.randrange(len(chosen)), COMMON)
    return " ".join(chosen).capitalize() + "."


def vague(rng: random.Random) -> tuple[str, dt.date, dt.date]:
    """A vague date as the newsroom types them: mostly days, some months, some 'around'."""
    day = START + dt.timedelta(days=rng.randrange(365 * 11))
    roll = rng.random()
    if roll < 0.1:
        first = day.replace(day=1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        return first.strftime("%Y-%m"), first, last
    if roll < 0.2:
        return f"{day.isoformat()}~", day, day
    return day.isoformat(), day, day


def stamp() -> dict:
    now = dt.datetime.now(dt.UTC)
    return {"uid": uuid.uuid4(), "version": 1, "created_at": now, "updated_at": now}


def insert_rows(session, model, rows: list[dict]) -> list[int]:
    """Insert with ids chosen here: a plain executemany, much faster than RETURNING."""
    start = (session.scalar(select(func.max(model.id))) or 0) + 1
    for offset, row in enumerate(rows):
        row["id"] = start + offset
    session.connection().execute(insert(model.__table__), rows)
    return [row["id"] for row in rows]


def build(session, entries: int, seed: int = 7) -> None:
    """Insert about ``entries`` timeline records (rounds, outcomes, statements, developments)."""
    rng = random.Random(seed)
    run = session.execute
    run(
        insert(Organisation),
        [
            {
                "name": f"Organisation {i}",
                "name_original": f"سازمان {i}",
                "kind": "other",
                **stamp(),
            }
            for i in range(100)
        ],
    )
    organisation_ids = list(session.scalars(select(Organisation.id)))
    run(
        insert(Person),
        [
            {
                "name": f"Speaker {i}",
                "name_original": "عباس عراقچی" if i == 0 else f"{rng.choice(ARABIC)} {i}",
                "organisation_id": rng.choice(organisation_ids),
                **stamp(),
            }
            for i in range(300)
        ],
    )
    person_ids = list(session.scalars(select(Person.id)))
    run(
        insert(Topic),
        [{"name": f"Topic {i}", "slug": f"topic-{i}", **stamp()} for i in range(40)],
    )
    topic_ids = list(session.scalars(select(Topic.id)))
    run(insert(Source), [{"headline": f"Wire report {i}", **stamp()} for i in range(500)])
    source_ids = list(session.scalars(select(Source.id)))
    run(
        insert(Negotiation),
        [{"title": f"Negotiation {i}", "slug": f"negotiation-{i}", **stamp()} for i in range(5)],
    )
    negotiation_ids = list(session.scalars(select(Negotiation.id)))

    rounds = max(10, entries // 500)
    round_rows = []
    for number in range(rounds):
        edtf, earliest, latest = vague(rng)
        round_rows.append(
            {
                "negotiation_id": negotiation_ids[number % 5],
                "number": number // 5 + 1,
                "title": f"Round in city {number}",
                "status": "held" if number < rounds - 10 else "announced",
                "format": "indirect",
                "when_edtf": edtf,
                "when_earliest": earliest,
                "when_latest": latest,
                "summary": sentence(rng, 12),
                **stamp(),
            }
        )
    run(insert(Round), round_rows)
    round_rows = session.execute(select(Round.id, Round.negotiation_id)).all()
    run(insert(round_sources), [{"round_id": r.id, "source_id": source_ids[0]} for r in round_rows])

    outcomes = entries // 10
    developments = entries // 5
    statements = entries - rounds - outcomes - developments
    rare_rows = set(rng.sample(range(statements), 10))

    def batches(total: int, size: int = 20_000):
        for start in range(0, total, size):
            yield range(start, min(total, start + size))

    for batch in batches(outcomes):
        rows = []
        for _ in batch:
            edtf, earliest, latest = vague(rng)
            rows.append(
                {
                    "round_id": rng.choice(round_rows).id,
                    "summary": sentence(rng, 14),
                    "reported_by_id": rng.choice(organisation_ids),
                    "verification": rng.choice(("reported", "reported", "confirmed", "disputed")),
                    "when_edtf": edtf,
                    "when_earliest": earliest,
                    "when_latest": latest,
                    **stamp(),
                }
            )
        ids = insert_rows(session, ReportedOutcome, rows)
        run(
            insert(outcome_sources),
            [{"reported_outcome_id": i, "source_id": rng.choice(source_ids)} for i in ids],
        )
    number = 0
    for batch in batches(statements):
        rows = []
        for _ in batch:
            edtf, earliest, latest = vague(rng)
            persian = rng.random() < 0.05
            text = (
                " ".join(rng.choice(PERSIAN) for _ in range(12)) if persian else sentence(rng, 18)
            )
            if number in rare_rows:
                text = f"{text} {RARE}"
            in_round = rng.random() < 0.3
            chosen_round = rng.choice(round_rows)
            rows.append(
                {
                    "negotiation_id": chosen_round.negotiation_id,
                    "round_id": chosen_round.id if in_round else None,
                    "speaker_id": rng.choice(person_ids),
                    "text_original": text,
                    "language": "fa" if persian else "en",
                    "speech": "direct",
                    "attribution": "on_record",
                    "verification": rng.choice(("reported", "reported", "confirmed", "corrected")),
                    "when_edtf": edtf,
                    "when_earliest": earliest,
                    "when_latest": latest,
                    **stamp(),
                }
            )
            number += 1
        ids = insert_rows(session, Statement, rows)
        run(
            insert(statement_sources),
            [{"statement_id": i, "source_id": rng.choice(source_ids)} for i in ids],
        )
        run(
            insert(statement_topics),
            [
                {"statement_id": i, "topic_id": topic}
                for i in ids
                for topic in rng.sample(topic_ids, rng.choice((1, 1, 2)))
            ],
        )
    for batch in batches(developments):
        rows = []
        for _ in batch:
            edtf, earliest, latest = vague(rng)
            rows.append(
                {
                    "negotiation_id": rng.choice(negotiation_ids),
                    "headline": sentence(rng, 8),
                    "description": sentence(rng, 20),
                    "verification": rng.choice(("reported", "confirmed", "retracted")),
                    "when_edtf": edtf,
                    "when_earliest": earliest,
                    "when_latest": latest,
                    **stamp(),
                }
            )
        ids = insert_rows(session, Development, rows)
        run(
            insert(development_sources),
            [{"development_id": i, "source_id": rng.choice(source_ids)} for i in ids],
        )
        run(
            insert(development_topics),
            [{"development_id": i, "topic_id": rng.choice(topic_ids)} for i in ids],
        )
    session.commit()


def prepare(entries: int, rebuild: bool) -> tuple[str, Path]:
    folder = Path(tempfile.gettempdir()) / "tracker-timeline-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"timeline-{entries}.sqlite3"
    ready = folder / f"timeline-{entries}.ready"
    url = f"sqlite:///{path}"
    if ready.exists() and path.exists() and not rebuild:
        print(f"  reusing {path}")
        return url, folder
    for stale in folder.glob(f"timeline-{entries}.sqlite3*"):
        stale.unlink()
    ready.unlink(missing_ok=True)
    migrate.upgrade(url)
    app = make_app(url, folder)
    with app.app_context():
        started = time.perf_counter()
        build(db.session, entries)
        inserted = time.perf_counter()
        count = timeline_index.rebuild(db.session)
        db.session.commit()
        print(
            f"  built {count:,} entries in {time.perf_counter() - started:.0f} s "
            f"(records {inserted - started:.0f} s, timeline and index "
            f"{time.perf_counter() - inserted:.0f} s)"
        )
        accounts.users.create(
            db.session,
            None,
            {
                "email": "bench@example.org",
                "name": "Bench",
                "role": UserRole.VIEWER,
                "password": PASSWORD,
                "active": True,
            },
        )
        db.session.commit()
        db.engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("ANALYZE")
    ready.touch()
    return url, folder


def make_app(url: str, folder: Path):
    os.environ["TRACKER_INSTANCE_PATH"] = str(folder / "instance")
    return create_app(
        {
            "SECRET_KEY": "benchmark-secret-key-not-for-production",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
        }
    )


def timed(client, url: str, runs: int) -> list[float]:
    client.get(url)  # warm the caches once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def measure(url: str, folder: Path, runs: int) -> None:
    app = make_app(url, folder)
    client = app.test_client()
    response = client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        session = db.session
        entries = session.scalar(select(func.count()).select_from(TimelineEntry))
        deep = session.execute(
            select(TimelineEntry.sort_date, TimelineEntry.kind, TimelineEntry.id)
            .order_by(
                TimelineEntry.sort_date.desc(), TimelineEntry.kind.desc(), TimelineEntry.id.desc()
            )
            .offset(PAGE_SIZE * 1000 - 1)
            .limit(1)
        ).one()
        topic = session.scalar(select(Topic.id).order_by(Topic.id).limit(1))
    cursor = f"{deep[0].isoformat()}.{deep[1]}.{deep[2]}"
    cases = [
        ("first page", "/timeline/"),
        ("page 1,000 (keyset)", f"/timeline/?after={cursor}"),
        ("filtered + facet counts", f"/timeline/?topic={topic}&verification=confirmed"),
        ("filter: one topic", f"/timeline/?topic={topic}"),
        (f"search, common word ({COMMON})", f"/timeline/?q={COMMON}"),
        ("search, common word by date", f"/timeline/?q={COMMON}&order=newest"),
        (f"search, rare word ({RARE})", f"/timeline/?q={RARE}"),
        ("search, Persian word", f"/timeline/?q={PERSIAN_WORD}"),
        ("search, Persian name", "/timeline/?q=عراقچی"),
    ]
    print(f"  {entries:,} entries, {runs} runs each, whole request through the app (ms):")
    print(f"  {'':34} {'median':>8} {'p90':>8}")
    for label, path in cases:
        times = sorted(timed(client, path, runs))
        p90 = times[int(len(times) * 0.9) - 1]
        print(f"  {label:34} {statistics.median(times):8.1f} {p90:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true", help="build again even if a file exists")
    options = parser.parse_args()
    for size in options.sizes:
        print(f"Timeline with about {size:,} entries (SQLite):")
        url, folder = prepare(size, options.rebuild)
        measure(url, folder, options.runs)


if __name__ == "__main__":
    main()
