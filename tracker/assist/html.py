"""Text, headline, date, outlet and language from an article's HTML, with lxml.

Newsroom pages describe themselves in Open Graph and ``article:`` meta tags and in JSON-LD
(``NewsArticle``); those are read first, and the visible ``<article>`` paragraphs give the
text. Scripts, styles, navigation, asides and footers are dropped. Nothing is fetched.
:func:`read_page` reads a page (uploaded, or fetched by its link) with trafilatura, a
maintained extraction library that copes with pages built without ``<article>``, and falls
back on :func:`read_html` for whatever trafilatura leaves out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

_DROP = ("script", "style", "noscript", "nav", "aside", "footer", "header", "form", "figure")


@dataclass
class ExtractedArticle:
    """What an HTML page says about itself, and its text as paragraphs."""

    text: str
    headline: str = ""
    published: dt.date | None = None
    outlet: str = ""
    language: str = ""
    link: str = ""


def _meta(tree, *names: str) -> str:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            values = tree.xpath(f"//meta[@{attribute}=$n]/@content", n=name)
            if values and values[0].strip():
                return values[0].strip()
    return ""


def _json_ld(tree) -> dict:
    """The first JSON-LD object describing an article (NewsArticle, Article, ReportageNewsArticle)."""
    for block in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items:
            kind = item.get("@type", "") if isinstance(item, dict) else ""
            kinds = kind if isinstance(kind, list) else [kind]
            if any(str(k).endswith("Article") for k in kinds):
                return item
    return {}


def _date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None


def _paragraphs(tree) -> list[str]:
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROP)):
        element.drop_tree()
    containers = tree.xpath("//article") or tree.xpath("//main") or [tree]
    container = max(containers, key=lambda c: len(c.text_content()))
    blocks = container.xpath(".//p|.//h2|.//h3|.//blockquote[not(.//p)]")
    texts = [" ".join(block.text_content().split()) for block in blocks]
    return [t for t in texts if t]


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(html: str | bytes) -> ExtractedArticle:
    """Read a saved article page; the caller passes the result's fields to ``read_article``.

    Bytes are read as UTF-8 when they are UTF-8 (lxml alone would take a page without a
    charset declaration for Latin-1 and garble its quotation marks), else left to lxml."""
    if isinstance(html, bytes):
        with contextlib.suppress(UnicodeDecodeError):
            html = html.decode("utf-8-sig")
    if isinstance(html, str):
        html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses one in a str
    try:
        tree = lxml.html.fromstring(html)
    except lxml.etree.ParserError:  # an empty or blank page
        return ExtractedArticle(text="")
    ld = _json_ld(tree)
    publisher = ld.get("publisher")
    publisher_name = publisher.get("name", "") if isinstance(publisher, dict) else ""
    titles = tree.xpath("//h1")
    headline = (
        _meta(tree, "og:title", "twitter:title")
        or str(ld.get("headline", ""))
        or (" ".join(titles[0].text_content().split()) if titles else "")
        or " ".join((tree.findtext(".//title") or "").split())
    )
    published = _date(
        _meta(tree, "article:published_time", "datePublished", "pubdate", "date")
        or str(ld.get("datePublished", ""))
        or next(iter(tree.xpath("//time/@datetime")), "")
    )
    language = (
        next(iter(tree.xpath("/html/@lang")), "")
        or _meta(tree, "og:locale")
        or str(ld.get("inLanguage", ""))
    )
    link = _meta(tree, "og:url") or next(iter(tree.xpath("//link[@rel='canonical']/@href")), "")
    body = str(ld.get("articleBody", "")).strip()
    text = "\n".join(_paragraphs(tree)) or body
    return ExtractedArticle(
        text=text,
        headline=headline,
        published=published,
        outlet=_meta(tree, "og:site_name", "application-name") or publisher_name,
        language=language.replace("_", "-").split("-")[0].lower(),
        link=link,
    )


def read_page(html: bytes, link: str = "") -> ExtractedArticle:
    """Text, headline, date, outlet and language of an article page; ``link`` is where it was
    fetched from, if it was."""
    own = read_html(html)
    if not own.text and not own.headline:
        return own  # empty, or no HTML at all
    found = trafilatura.bare_extraction(
        html, url=link or None, with_metadata=True, include_comments=False, include_tables=False
    )
    if found is None:
        own.link = own.link or link
        return own
    return ExtractedArticle(
        text=(getattr(found, "text", "") or "").strip() or own.text,
        headline=getattr(found, "title", "") or own.headline,
        published=_date(getattr(found, "date", "") or "") or own.published,
        outlet=own.outlet or getattr(found, "sitename", "") or "",
        language=own.language or (getattr(found, "language", "") or ""),
        link=link or own.link,
    )
