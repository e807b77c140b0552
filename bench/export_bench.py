"""How fast the flat timeline CSV streams over HTTP, next to ``sqlite3 -csv``, and in how much memory.

Builds (once, then reuses) a SQLite database with about 1,000,000 timeline entries, serves the
app with gunicorn, downloads ``/exports/timeline.csv`` as a signed-in viewer, and runs the
equivalent plain query through ``sqlite3 -csv`` on the same file. Prints rows per second for
both, their ratio (the target is at least 0.5) and the app worker's peak resident memory (the
target is under 150 MB).

    .venv/bin/python bench/export_bench.py [--rows 1000000] [--db /tmp/tracker-bench.sqlite3]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench password 123"
EMAIL = "bench@newsroom.example.org"


def build_database(path: Path, rows: int) -> None:
    """Migrate an empty file, then fill it with plain SQL (the services would take hours)."""
    from tracker import migrate

    migrate.upgrade(f"sqlite:///{path}")
    per_kind = (rows - rows // 100) // 3
    rounds = rows - 3 * per_kind
    connection = sqlite3.connect(path)
    connection.executescript(
        f"""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
        WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {max(per_kind, rounds, 5000)})
        INSERT INTO n SELECT i FROM c;
        CREATE TEMP VIEW stamp AS SELECT '2025-01-01 00:00:00.000000' AS at;
        INSERT INTO negotiation (id, title, slug, uid, version, created_at, updated_at)
        SELECT 1, 'Benchmark talks', 'bench', lower(hex(randomblob(16))), 1, at, at FROM stamp;
        INSERT INTO organisation (id, name, kind, uid, version, created_at, updated_at)
        SELECT i, 'Organisation ' || i, 'state', lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= 50;
        INSERT INTO venue (id, name, city, uid, version, created_at, updated_at)
        SELECT i, 'Venue ' || i, 'مسقط', lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= 20;
        INSERT INTO person (id, name, name_original, organisation_id, uid, version, created_at, updated_at)
        SELECT i, 'Person ' || i, 'عباس عراقچی', 1 + i % 50, lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= 2000;
        INSERT INTO topic (id, name, slug, uid, version, created_at, updated_at)
        SELECT i, 'Topic ' || i, 'topic-' || i, lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= 30;
        INSERT INTO source (id, url, headline, outlet_id, uid, version, created_at, updated_at)
        SELECT i, 'https://news.example.org/' || i, 'Headline "' || i || '"', 1 + i % 50,
               lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= 5000;
        INSERT INTO round (id, negotiation_id, number, title, status, format, venue_id, summary,
                           when_edtf, when_earliest, when_latest, uid, version, created_at, updated_at)
        SELECT i, 1, i, 'Round in Venue ' || (1 + i % 20), 'held', 'indirect', 1 + i % 20,
               'The round, with "quotes", commas and = signs', date('2000-01-01', '+' || i || ' days'),
               date('2000-01-01', '+' || i || ' days'), date('2000-01-01', '+' || i || ' days'),
               lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= {rounds};
        INSERT INTO participation (round_id, person_id, role, uid, version, created_at, updated_at)
        SELECT i, 1 + i % 2000, 'delegate', lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= {rounds};
        INSERT INTO round_topic SELECT i, 1 + i % 30 FROM n WHERE i <= {rounds};
        INSERT INTO round_source SELECT i, 1 + i % 5000 FROM n WHERE i <= {rounds};
        INSERT INTO reported_outcome (id, round_id, summary, verification, reported_by_id,
            when_edtf, when_earliest, when_latest, uid, version, created_at, updated_at)
        SELECT i, 1 + i % {rounds}, 'Outcome ' || i || ': both sides called it “constructive”',
               'reported', 1 + i % 50, date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= {per_kind};
        INSERT INTO outcome_source SELECT i, 1 + i % 5000 FROM n WHERE i <= {per_kind};
        INSERT INTO outcome_topic SELECT i, 1 + i % 30 FROM n WHERE i <= {per_kind};
        INSERT INTO statement (id, negotiation_id, round_id, speaker_id, text_original, language,
            speech, attribution, verification, when_edtf, when_earliest, when_latest, uid, version,
            created_at, updated_at)
        SELECT i, 1, 1 + i % {rounds}, 1 + i % 2000,
               CASE WHEN i % 10 = 0 THEN '=HYPERLINK("x")' ELSE 'لا سلام دائم بلا نزع السلاح ' || i END,
               'ar', 'direct', 'on_record', 'reported', date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= {per_kind};
        INSERT INTO statement_source SELECT i, 1 + i % 5000 FROM n WHERE i <= {per_kind};
        INSERT INTO statement_topic SELECT i, 1 + i % 30 FROM n WHERE i <= {per_kind};
        INSERT INTO statement_topic SELECT i, 1 + (i + 7) % 30 FROM n WHERE i <= {per_kind};
        INSERT INTO development (id, negotiation_id, headline, description, verification,
            when_edtf, when_earliest, when_latest, uid, version, created_at, updated_at)
        SELECT i, 1, 'Development ' || i, 'Next round, reportedly, "soon"', 'reported',
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               date('2000-01-01', '+' || (i % 9000) || ' days'),
               lower(hex(randomblob(16))), 1, at, at
        FROM n, stamp WHERE i <= {per_kind};
        INSERT INTO development_source SELECT i, 1 + i % 5000 FROM n WHERE i <= {per_kind};
        INSERT INTO development_topic SELECT i, 1 + i % 30 FROM n WHERE i <= {per_kind};
        INSERT INTO development_person SELECT i, 1 + i % 2000 FROM n WHERE i <= {per_kind};
        INSERT INTO timeline_entry (kind, record_id, negotiation_id, round_id, sort_date, verification, search_text)
        SELECT 'round', id, negotiation_id, id, when_earliest, NULL, '' FROM round;
        INSERT INTO timeline_entry (kind, record_id, negotiation_id, round_id, sort_date, verification, search_text)
        SELECT 'outcome', id, 1, round_id, when_earliest, verification, '' FROM reported_outcome;
        INSERT INTO timeline_entry (kind, record_id, negotiation_id, round_id, sort_date, verification, search_text)
        SELECT 'statement', id, negotiation_id, round_id, when_earliest, verification, '' FROM statement;
        INSERT INTO timeline_entry (kind, record_id, negotiation_id, round_id, sort_date, verification, search_text)
        SELECT 'development', id, negotiation_id, round_id, when_earliest, verification, '' FROM development;
        ANALYZE;
        """
    )
    connection.commit()
    connection.close()


def timeline_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM timeline_entry").fetchone()[0]


def plain_query() -> str:
    """The export's query with plain columns instead of built lines: what sqlite3 is given."""
    from sqlalchemy.dialects import sqlite

    from tracker.exports.flat_timeline import timeline_export
    from tracker.services.timeline import TimelineQuery

    class _Dialect:  # timeline conditions only ask the session for its dialect
        def get_bind(self):
            return type("Bind", (), {"dialect": sqlite.dialect()})()

    export = timeline_export(_Dialect(), TimelineQuery())  # type: ignore[arg-type]
    statement = export.values("sqlite")
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def time_sqlite_cli(path: Path, query: str) -> float:
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(["sqlite3", "-csv", "-header", str(path), query], stdout=sink, check=True)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(path: Path, instance: Path, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{path}",
        "TRACKER_INSTANCE_PATH": str(instance),
        "TRACKER_SECRET_KEY": "benchmark-secret-key-0123456789",
        "TRACKER_ENV": "production",
    }
    subprocess.run(
        [str(ROOT / ".venv/bin/tracker"), "create-user", EMAIL, "--role", "viewer"],
        input=PASSWORD + "\n",
        text=True,
        env=environment,
        capture_output=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers", "1", "--worker-class", "gthread", "--threads", "2",
            "--timeout", "600", "--bind", f"127.0.0.1:{port}", "tracker:create_app()",
        ],
        env=environment,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the app did not start")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def signed_in_opener(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {"email": EMAIL, "password": PASSWORD}
    if token:
        form["csrf_token"] = token.group(1)
    opener.open(f"{base}/login", data=urllib.parse.urlencode(form).encode()).read()
    return opener


def time_http(opener: urllib.request.OpenerDirector, url: str) -> tuple[float, float, int]:
    """Seconds to the first byte, seconds to the last, and bytes received."""
    started = time.perf_counter()
    response = opener.open(url)
    assert response.headers.get_content_type() == "text/csv", response.headers
    first = response.read(65536)
    first_byte = time.perf_counter() - started
    size = len(first)
    while chunk := response.read(1 << 20):
        size += len(chunk)
    return first_byte, time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "tracker-bench.sqlite3"
    )
    options = parser.parse_args()
    if not options.db.exists() or timeline_rows(options.db) < options.rows * 0.99:
        options.db.unlink(missing_ok=True)
        print(f"Building {options.rows:,} timeline entries in {options.db} ...", flush=True)
        build_database(options.db, options.rows)
    rows = timeline_rows(options.db)
    query = plain_query()
    time_sqlite_cli(options.db, query)  # warm the page cache for both contestants
    cli_seconds = time_sqlite_cli(options.db, query)

    instance = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    port = free_port()
    server = start_app(options.db, instance, port)
    try:
        opener = signed_in_opener(f"http://127.0.0.1:{port}")
        first_byte, http_seconds, size = time_http(
            opener, f"http://127.0.0.1:{port}/exports/timeline.csv"
        )
        peak = peak_rss_mb(worker_pid(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)

    cli_rate, http_rate = rows / cli_seconds, rows / http_seconds
    print(f"timeline entries:              {rows:,}")
    print(f"sqlite3 -csv (same query):     {cli_seconds:6.2f} s  {cli_rate:10,.0f} rows/s")
    print(
        f"app over HTTP (timeline.csv):  {http_seconds:6.2f} s  {http_rate:10,.0f} rows/s  "
        f"({size / 1e6:,.0f} MB, first bytes after {first_byte * 1000:,.0f} ms)"
    )
    print(f"ratio app / sqlite3:           {http_rate / cli_rate:6.2f}  (target >= 0.50)")
    print(f"app worker peak memory:        {peak:6.1f} MB  (target < 150 MB)")


if __name__ == "__main__":
    main()
