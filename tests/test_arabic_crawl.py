"""The Arabic interface has no English left: a crawl of every page a viewer, an editor and an
admin can reach (menu, lists, record pages, forms, history, exports, error pages), GET only,
fails on any message of the catalogue shown in English where its Arabic translation exists.

A message counts when it is a whole text node (or a whole placeholder, title or aria-label),
so the newsroom's own data, which stays in the language it was written in, is not mistaken
for the interface's words.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import String, select

from tracker.db import Base
from tracker.extensions import db

CATALOGUE = Path(__file__).resolve().parents[1] / "tracker/translations/ar/LC_MESSAGES/messages.po"
#: downloads, feeds, the API and switches are not pages to read
NOT_PAGES = re.compile(
    r"^/(api|static|language|lookup|feeds)/|\.(csv|zip|json|ics|atom|svg)$|^/logout"
)
#: the same page with another record or filter says little new; three of each are read
PER_KIND_OF_PAGE = 3
ATTRIBUTES_READ = ("placeholder", "title", "aria-label", "alt")


def english_messages() -> list[tuple[str, re.Pattern[str]]]:
    """Every catalogue message with an Arabic translation that differs from it, as a pattern
    matching a whole text node (``%(name)s`` stands for any value)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        english = message.id if isinstance(message.id, str) else message.id[0]
        arabic = message.string if isinstance(message.string, str) else message.string[0]
        if not english or not arabic or arabic == english:
            continue
        literal = re.sub(r"%\([a-z_]+\)[sd]", "", english).replace("%%", "%")
        if len(literal.strip()) <= 2 or not re.search("[A-Za-z]{2}", literal):
            continue
        # a placeholder stands for a value: a number (%d) or a short name (%s), not a sentence
        pieces = re.split(r"(%\([a-z_]+\)[sd])", english.replace("%%", "%"))
        pattern = "".join(
            (r"\d[\d,.]*" if piece.endswith("d") else ".{1,60}?")
            if index % 2
            else re.escape(" ".join(piece.split()))
            for index, piece in enumerate(pieces)
        )
        found.append((english, re.compile(rf"^{pattern}$", re.DOTALL)))
    return found


class VisibleText(HTMLParser):
    """The text nodes a reader sees (and the attribute texts a screen reader speaks), and
    the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden_depth += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in ATTRIBUTES_READ:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth and data.strip():
            self.texts.append(data)


def kind_of_page(path: str) -> str:
    """``/rounds/3/edit`` and ``/rounds/7/edit?page=2`` are the same kind of page."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


def newsroom_data(app) -> set[str]:
    """Every text the newsroom typed (names, titles, headlines…): a text node that is one of
    them is data, which stays in the language it was written in ("New Vision Center…")."""
    typed: set[str] = set()
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String)]
            if columns:
                for row in db.session.execute(select(*columns)):
                    typed.update(" ".join(value.split()) for value in row if value)
    return typed


def english_on(
    html: str, messages: list[tuple[str, re.Pattern[str]]], data: frozenset[str] = frozenset()
) -> set[str]:
    reader = VisibleText()
    reader.feed(html)
    shown = {" ".join(text.split()) for text in reader.texts} - data
    return {english for english, pattern in messages for text in shown if pattern.match(text)}


def crawl(client, start: list[str]) -> dict[str, str]:
    """Every page reachable from ``start`` by links, at most two of each kind: path -> HTML."""
    pages: dict[str, str] = {}
    seen_kinds: dict[str, int] = {}
    queue = deque(start)
    while queue:
        path = queue.popleft()
        kind = kind_of_page(path)
        if path in pages or seen_kinds.get(kind, 0) >= PER_KIND_OF_PAGE:
            continue
        response = client.get(path)
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        if response.status_code in (301, 302, 303):
            queue.append(response.headers["Location"])
            continue
        if "text/html" not in response.content_type:
            continue
        pages[path] = response.text
        reader = VisibleText()
        reader.feed(response.text)
        for href in reader.links:
            target = urlsplit(urljoin(path, href))
            if target.netloc and target.netloc != "localhost":
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if target.path and not NOT_PAGES.search(target.path) and link not in pages:
                queue.append(link)
    return pages


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_the_arabic_interface_shows_no_english_message(app, client, auth, demo, role):
    client.get("/language/ar")
    auth.login(role)
    pages = crawl(client, ["/", "/no-such-page", "/rounds/new", "/users/"])
    assert len(pages) > 20, sorted(pages)
    messages, data = english_messages(), frozenset(newsroom_data(app))
    found: dict[str, str] = {}
    for path, html in pages.items():
        for english in english_on(html, messages, data):
            found.setdefault(english, path)
    assert not found, "English left (message: first page showing it):\n" + "\n".join(
        f"{english!r}: {path}" for english, path in sorted(found.items())
    )


def test_the_crawl_would_notice_english(client, auth, demo):
    """The check itself can fail: the English interface is full of catalogue messages."""
    auth.login("editor")
    client.get("/language/en")
    english = english_on(client.get("/rounds/").text, english_messages())
    assert {"Rounds", "Held"} <= english
