"""Article assist fetching an article by its link, only where the deployment allows it: one GET
to a page served by the test itself, and every failure shown beside the field, never a 500."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Source, Statement
from tracker.services.article_links import FetchRules, LinkRefused, fetch_page

ARTICLE = (
    "<html lang='en'><head><meta property='og:title' content='Rome talks end'>"
    "<meta property='og:site_name' content='Tracker Wire'>"
    "<meta property='article:published_time' content='2025-04-21T10:00:00Z'>"
    "<script src='/script.js'></script></head><body><nav>Home · World</nav><article>"
    "<p>ROME (Tracker Wire) - The second round of talks between Iran and the United States "
    "ended in Rome on Saturday, officials said, with both sides promising to meet again.</p>"
    "<p>“We are ready to go on,” Mehdi Azizi said on Saturday, adding that the delegations "
    "had worked late into the night.</p><img src='/photo.jpg'></article></body></html>"
)


class _Site(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Site.requests.append(self.path)
        if self.path == "/slow":
            time.sleep(2)
        pages = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/image": (200, "image/png", b"\x89PNG"),
            "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            "/moved": (301, "text/html", b""),
            "/slow": (200, "text/html", b"<p>late</p>"),
            "/empty": (200, "text/html", b""),
        }
        status, kind, body = pages.get(self.path, (404, "text/html", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status == 301:
            self.send_header("Location", "https://example.org/elsewhere")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Site.requests.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _post(client, **values: str):
    page = client.get("/assist/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    return client.post("/assist/", data={"csrf_token": token} | values)


def test_with_fetching_off_no_link_field_is_shown_and_a_posted_link_is_refused(app, auth, client):
    auth.login("editor")
    page = client.get("/assist/")
    assert 'name="fetch_url"' not in page.text and "Links are not fetched" in page.text
    response = _post(client, fetch_url="https://example.org/article")
    assert response.status_code == 422
    assert "This tracker does not fetch links" in response.text


def test_a_fetched_article_is_read_and_recorded_with_one_get(app, auth, client, site):
    app.config.update(ASSIST_FETCH_LINKS=True, ASSIST_FETCH_PRIVATE=True)
    auth.login("editor")
    assert 'name="fetch_url"' in client.get("/assist/").text
    review = _post(client, fetch_url=f"{site}/article")
    assert review.status_code == 200, review.text
    assert _Site.requests == ["/article"]  # no script, no image
    assert 'value="Rome talks end"' in review.text and 'value="2025-04-21"' in review.text
    assert 'value="Tracker Wire"' in review.text
    assert "We are ready to go on," in review.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Statement)) == 0
        assert db.session.scalar(select(func.count()).select_from(Source)) == 0


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "The site answered 404"),
        ("/image", "The link gives no web page"),
        ("/big", "The page is too big"),
        ("/moved", "paste that link instead"),
        ("/slow", "did not answer in time (1 s)"),
        ("/empty", "No article text was found on this page"),
    ],
)
def test_a_link_that_gives_no_article_is_refused_beside_the_field(
    app, auth, client, site, path, message
):
    app.config.update(
        ASSIST_FETCH_LINKS=True,
        ASSIST_FETCH_PRIVATE=True,
        ASSIST_FETCH_MAX_BYTES=1000,
        ASSIST_FETCH_TIMEOUT=1,
    )
    auth.login("editor")
    response = _post(client, fetch_url=f"{site}{path}")
    assert response.status_code == 422
    beside = re.search(r'id="fetch_url-error"[^>]*>(.*?)</p>', response.text, re.S)
    assert beside and message in beside[1]


def test_local_addresses_and_other_schemes_are_refused_unless_allowed(site):
    for url in (f"{site}/article", "http://localhost/", "http://10.1.2.3/", "http://[::1]/"):
        with pytest.raises(LinkRefused, match="local or private"):
            fetch_page(url, FetchRules(timeout=1))
    for url in ("file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)"):
        with pytest.raises(LinkRefused, match="Only http and https"):
            fetch_page(url, FetchRules(timeout=1))
    assert b"Rome talks end" in fetch_page(f"{site}/article", FetchRules(allow_private=True))
