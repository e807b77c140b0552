"""Every link of every main page leads somewhere: followed as a viewer and as an editor, none
answers with an error (the Exports page's per-negotiation CSV link once answered 400)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Negotiation, User
from tracker.views import detail_endpoints


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def same_host_links(page: str) -> set[str]:
    """The page's links a browser would follow on this site, without their #fragments."""
    parser = _Links()
    parser.feed(page)
    found = set()
    for href in parser.hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if not url or parts.scheme not in ("", "http", "https"):
            continue
        if parts.netloc not in ("", "localhost"):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def main_pages(app) -> list[str]:
    """Home, timeline, exports, feeds, every list page and one page of each kind of record."""
    pages = ["/", "/timeline/", "/exports/", "/account/feeds"]
    with app.test_request_context():
        slug = db.session.scalar(select(Negotiation.slug).order_by(Negotiation.id).limit(1))
        pages += [f"/feeds/{slug}/calendar.ics", f"/feeds/{slug}/entries.atom"]
        for model, endpoint in detail_endpoints().items():
            if model is User:
                continue  # accounts are the admins' pages, not a main page
            blueprint = endpoint.split(".")[0]
            pages.append(app.url_for(f"{blueprint}.index"))
            record_id = db.session.scalar(select(model.id).order_by(model.id).limit(1))
            if record_id is not None:
                pages.append(app.url_for(endpoint, record_id=record_id))
    return pages


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_no_link_of_a_main_page_is_broken(app, client, auth, demo, role):
    auth.login(role)
    links: dict[str, str] = {}
    for page in main_pages(app):
        response = client.get(page)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        if response.mimetype == "text/html":
            for link in same_host_links(response.text):
                links.setdefault(link, page)
    assert len(links) > 50
    broken = []
    for link, found_on in sorted(links.items()):
        if link.startswith("/language/"):
            continue  # switches the interface language: not a page, and it would change the rest
        status = client.get(link).status_code
        if status >= 400:
            broken.append(f"{link} (on {found_on}): {status}")
    assert broken == []
