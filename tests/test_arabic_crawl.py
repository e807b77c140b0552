"""The Arabic interface has no English left: a crawl of every page a viewer, an editor and an
admin can reach (menu, lists, record pages of every kind, forms, history and change pages,
the profile, exports, error pages), plus the inline-creation forms and an import preview
with problems, fails on any message of the catalogue shown in English where its Arabic
translation exists, and on any ISO date (2025-04-12) shown to the reader.

A message counts when it is a whole text node (or a whole placeholder, title or aria-label),
so the newsroom's own data, which stays in the language it was written in, is not mistaken
for the interface's words.
"""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import String, select
from test_import_pages import upload

from tracker.db import Base
from tracker.extensions import db
from tracker.models import Round
from tracker.services import negotiations
from tracker.views.lookup import CREATABLE

CATALOGUE = Path(__file__).resolve().parents[1] / "tracker/translations/ar/LC_MESSAGES/messages.po"
#: downloads, feeds, the API and switches are not pages to read
NOT_PAGES = re.compile(
    r"^/(api|static|language|lookup|feeds)/|\.(csv|zip|json|ics|atom|svg)$|^/logout"
)
#: the same page with another record or filter says little new; three of each are read
PER_KIND_OF_PAGE = 3
ATTRIBUTES_READ = ("placeholder", "title", "aria-label", "alt")
#: where a code is shown as a code (an EDTF example, a value being edited), not read as a date
CODE_ELEMENTS = ("code", "pre", "kbd", "samp", "textarea", "input", "select")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RECORD_KINDS = (
    "negotiations",
    "rounds",
    "participations",
    "outcomes",
    "statements",
    "developments",
    "people",
    "organisations",
    "venues",
    "topics",
    "sources",
)
#: the kinds of page the crawl must reach, so a broken link cannot quietly shrink it
KINDS_OF_PAGE_READ = {
    "/",
    "/timeline/",
    "/profile",
    "/exports/",
    *(f"/{kind}/{page}" for kind in RECORD_KINDS for page in ("", "N")),
}
#: and, for editors, people's titles, the history of every kind and the changes
KINDS_OF_PAGE_EDITORS_READ = {
    "/titles/",
    "/titles/N",
    "/changes/",
    "/changes/N",
    *(f"/{kind}/N/history" for kind in (*RECORD_KINDS, "titles")),
}


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
        #: the texts outside codes and form controls, where a date is read as a date
        self.prose: list[str] = []
        self.links: list[str] = []
        self._hidden_depth = 0
        self._code_depth = 0
        #: inside translate="no": an identifier such as a CSV column name, English by contract
        self._untranslated_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden_depth += 1
        if tag in CODE_ELEMENTS and tag != "input":
            self._code_depth += 1
        if tag == "code" and values.get("translate") == "no":
            self._untranslated_depth += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in ATTRIBUTES_READ:
            if values.get(name):
                self.texts.append(values[name] or "")
                if tag not in CODE_ELEMENTS:
                    self.prose.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden_depth:
            self._hidden_depth -= 1
        if tag in CODE_ELEMENTS and tag != "input" and self._code_depth:
            self._code_depth -= 1
        if tag == "code" and self._untranslated_depth:
            self._untranslated_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth and not self._untranslated_depth and data.strip():
            self.texts.append(data)
            if not self._code_depth:
                self.prose.append(data)


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


def iso_dates_on(html: str, data: frozenset[str] = frozenset()) -> set[str]:
    """The texts a reader reads as prose that hold an ISO date; a ``<time datetime>``
    attribute, a code or a form control may hold one, and so may the newsroom's own data and
    the help that teaches EDTF by its examples."""
    reader = VisibleText()
    reader.feed(html)
    shown = {" ".join(text.split()) for text in reader.prose} - data
    return {text for text in shown if ISO_DATE.search(text) and "EDTF" not in text}


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


def postpone_a_round(app) -> None:
    """A schedule change, so round pages, the timeline and What's next have one to word."""
    with app.app_context():
        round_ = db.session.scalars(select(Round).order_by(Round.id.desc())).first()
        negotiations.rounds.update(
            db.session, None, round_, {"status": "postponed", "when_edtf": "2099-05~"}
        )
        db.session.commit()


#: a statements file with a ragged row and a speaker nobody recorded
IMPORT_WITH_PROBLEMS = (
    "negotiation,round_number,speaker,text_original,date,sources\r\n"
    "Iran–US indirect talks (2025),1,Nobody Known,We will talk.,2025-04-12,\r\n"
    "Iran–US indirect talks (2025),1,Nobody Known\r\n"
).encode()


def pages_only_editors_reach(client) -> dict[str, str]:
    """The inline-creation forms (a picker's dialog) and an import preview with problems:
    no link leads to them."""
    pages = {
        f"/lookup/{kind}/new": client.get(f"/lookup/{kind}/new?text=X").text for kind in CREATABLE
    }
    preview = upload(client, IMPORT_WITH_PROBLEMS, kind="statements")
    assert preview.status_code == 200 and "import-problems" in preview.text, preview.text
    pages["/imports/ (preview)"] = preview.text
    return pages


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_the_arabic_interface_shows_no_english_message(app, client, auth, demo, role):
    postpone_a_round(app)
    client.get("/language/ar")
    auth.login(role)
    pages = crawl(client, ["/", "/no-such-page", "/rounds/new", "/users/", "/profile"])
    must_read = KINDS_OF_PAGE_READ | (KINDS_OF_PAGE_EDITORS_READ if role != "viewer" else set())
    assert {kind_of_page(path) for path in pages} >= must_read, sorted(pages)
    if role != "viewer":
        pages.update(pages_only_editors_reach(client))
    messages, data = english_messages(), frozenset(newsroom_data(app))
    found: dict[str, str] = {}
    dated: dict[str, str] = {}
    for path, html in pages.items():
        for english in english_on(html, messages, data):
            found.setdefault(english, path)
        for text in iso_dates_on(html, data):
            dated.setdefault(text, path)
    assert not found, "English left (message: first page showing it):\n" + "\n".join(
        f"{english!r}: {path}" for english, path in sorted(found.items())
    )
    assert not dated, "ISO dates shown to the reader (text: first page showing it):\n" + (
        "\n".join(f"{text!r}: {path}" for text, path in sorted(dated.items()))
    )


def test_the_crawl_would_notice_english(client, auth, demo):
    """The check itself can fail: the English interface is full of catalogue messages."""
    auth.login("editor")
    client.get("/language/en")
    english = english_on(client.get("/rounds/").text, english_messages())
    assert {"Rounds", "Held"} <= english


def test_the_crawl_would_notice_an_iso_date():
    """An ISO date in prose is found; the same date in a datetime attribute, a code or an
    input is not."""
    html = (
        '<p>Changed <time datetime="2025-05-01T14:03:00">1 May 2025</time></p>'
        '<p>Use <code>2025-04-12</code></p><input value="2025-04-12" placeholder="2025-04-12">'
        "<td>2025-05-01 14:03 UTC</td>"
    )
    assert iso_dates_on(html) == {"2025-05-01 14:03 UTC"}


def test_the_pickers_words_come_from_the_catalogue(client, auth):
    """pickers.js holds no words: the page hands it the catalogue's, in the reader's language."""
    auth.login("editor")
    for language, filter_words, offer in [
        ("en", "Type to narrow the list", "Add “%(name)s” as new person…"),
        ("ar", "ابحث في القائمة", "أضف «%(name)s» شخصًا جديدًا…"),
    ]:
        client.get(f"/language/{language}")
        page = client.get("/participations/new").text
        block = re.search(r'<script type="application/json" id="picker-words">(.*?)</script>', page)
        words = json.loads(block.group(1))
        assert words["filter"] == filter_words
        assert words["add"]["people"] == offer
