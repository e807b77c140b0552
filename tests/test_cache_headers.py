"""Every answer but the static files holds unpublished work: none may sit in a shared cache.

And the text formats say their character set once: a client that reads ``charset=utf-8;
charset=utf-8`` may give up on it.
"""

from __future__ import annotations

import pytest

DOWNLOADS = [
    "/exports/statements.csv",
    "/exports/timeline.csv",
    "/exports/datapackage.zip",
    "/exports/negotiations/iran-us-2025/timelinejs.json",
    "/feeds/iran-us-2025/calendar.ics",
    "/feeds/iran-us-2025/entries.atom",
    "/timeline/negotiations/1/rounds.svg",
    "/lookup/people?q=a",
    "/api/v1/statements",
    "/timeline/",
]


@pytest.mark.parametrize("path", DOWNLOADS)
def test_every_answer_but_static_files_is_kept_out_of_caches(client, auth, demo, path):
    auth.login("viewer")
    with client.get(path) as response:
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"]


def test_errors_are_not_cached_either(client, auth, demo):
    auth.login("viewer")
    with client.get("/exports/nothing.csv") as response:
        assert response.status_code == 404
        assert "no-store" in response.headers["Cache-Control"]


def test_static_files_may_be_cached(client):
    with client.get("/static/tracker.css") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/exports/statements.csv", "text/csv; charset=utf-8; header=present"),
        ("/feeds/iran-us-2025/calendar.ics", "text/calendar; charset=utf-8"),
        ("/feeds/iran-us-2025/entries.atom", "application/atom+xml; charset=utf-8"),
    ],
)
def test_text_downloads_name_their_charset_once(client, auth, demo, path, content_type):
    auth.login("viewer")
    with client.get(path) as response:
        assert response.headers["Content-Type"] == content_type
