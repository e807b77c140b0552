"""Concurrent-saves benchmark: how many saves per second the tracker takes from editors saving
at once through HTTP, and what a save costs while others wait for the write lock.

Serves the app with a threaded server on 127.0.0.1 over a fresh SQLite file (or the database
named by ``--database``, which must be empty and migrated), signs in N editors and has each save
its own record of every kind in turn (people, organisations, venues, topics, sources, rounds,
statements, outcomes, developments: the overlapping set tests/test_concurrent_editors.py
builds), then the shared Rome round. Prints accepted saves, conflicts, errors, saves per second
and the median and 90th-percentile time of a save. This is not a test.

    .venv/bin/python bench/concurrent_saves.py                  # 8 editors, 20 saves each
    .venv/bin/python bench/concurrent_saves.py --editors 16 --saves 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import requests
from html_forms import form_fields
from test_concurrent_editors import KINDS, create_overlapping_records
from werkzeug.serving import make_server

from tracker import create_app, migrate
from tracker.demo import load_demo
from tracker.extensions import db
from tracker.models import UserRole
from tracker.services import accounts

PASSWORD = "benchmark passphrase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=8)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--database", help="an empty, migrated database URL (default: SQLite)")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    url = options.database or f"sqlite:///{folder / 'bench.sqlite3'}"
    if not options.database:
        migrate.upgrade(url)
    os.environ["TRACKER_INSTANCE_PATH"] = str(folder)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench" * 8, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        load_demo(db.session, with_accounts=False)
        for i in range(options.editors):
            accounts.users.create(
                db.session,
                None,
                {
                    "email": f"bench{i}@newsroom.example.org",
                    "name": f"Editor {i}",
                    "role": UserRole.EDITOR,
                    "password": PASSWORD,
                    "active": True,
                },
            )
        db.session.commit()
    owned = create_overlapping_records(app, options.editors)

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    timings: list[float] = []
    counts = {"accepted": 0, "conflicts": 0, "errors": 0}
    lock = threading.Lock()

    def editor(i: int) -> None:
        with requests.Session() as browser:
            browser.post(
                f"{base}/login",
                data={"email": f"bench{i}@newsroom.example.org", "password": PASSWORD},
            )
            # every kind in turn, each editor starting elsewhere, then the shared round
            targets = [(kind, owned[i][kind]) for kind in KINDS] + [("round", 2)]
            for n in range(options.saves):
                kind, record_id = targets[(i + n) % len(targets)]
                prefix, _model, name = KINDS[kind]
                path = f"/{prefix}/{record_id}/edit"
                data = form_fields(browser.get(base + path).text)
                data[name] = [f"editor {i} save {n}"]
                started = time.perf_counter()
                status = browser.post(base + path, data=data, allow_redirects=False).status_code
                elapsed = time.perf_counter() - started
                with lock:
                    timings.append(elapsed)
                    key = {302: "accepted", 409: "conflicts"}.get(status, "errors")
                    counts[key] += 1

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(options.editors)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    httpd.shutdown()
    httpd.server_close()

    print(f"database: {url.split(':')[0]}, {options.editors} editors × {options.saves} saves")
    print(
        f"accepted {counts['accepted']}, conflicts {counts['conflicts']}, errors {counts['errors']}"
    )
    print(f"saves per second: {len(timings) / wall:.1f}")
    print(
        f"save time: median {statistics.median(timings) * 1000:.0f} ms, "
        f"p90 {statistics.quantiles(timings, n=10)[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
