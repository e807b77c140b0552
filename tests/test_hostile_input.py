"""Hostile values thrown at every form and every API parameter: markup and script, SQL
fragments, overlong and empty strings, control characters, mixed-direction Arabic and Persian,
impossible dates. Never a 500, never unescaped output, and a value the tracker accepts is
stored exactly (less the surrounding whitespace every form trims).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from html_forms import form_fields
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.extensions import db
from tracker.services.registry import service_for

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "'; DROP TABLE round; --",
    "' OR '1'='1",
    "Robert'); DELETE FROM source WHERE ('1'='1",
    "عباس عراقچی، وزیر امور خارجه",
    "\u202eevil.exe\u202c Araghchi",
    "\u200fمفاوضات\u200e Oman 2025 \u2067مسقط\u2069",
    "Witkoff و عراقچی met in مسقط (Muscat)",
    "{{ 7*7 }} {% print 1 %}",
    "${7*7} %s %n %x",
    "\ufeffBOM at the start",
    "𝕏 🇮🇷🇺🇸 emoji",
    "a" * 5000,
    "",
    "   ",
    "\x00",
    "bell \x07 and escape \x1b[31m",
    "line one\r\nline two",
]
HOSTILE_ALPHABET = st.sampled_from(
    list("<>&\"'/;-=%{}() \n")
    + list("عراقچیمذاکراتسقط")
    + ["\u202e", "\u200f", "\u200e", "\x00", "\x1b", "é", "𝕏"]
)
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(HOSTILE_ALPHABET, max_size=80),
    st.text(st.characters(codec="utf-8"), max_size=300),
)

IMPOSSIBLE_DATES = [
    "2025-02-30",
    "2025-13-01",
    "2025-04-31/2025-04-01",
    "0000-00-00",
    "99999999-01-01",
    "-0001-01-01",
    "tomorrow",
    "2025-04-1 9",
    "<script>",
    "1e400",
]

#: kind of record -> form URL prefix
KINDS = {
    "negotiation": "negotiations",
    "round": "rounds",
    "participation": "participations",
    "outcome": "outcomes",
    "statement": "statements",
    "development": "developments",
    "person": "people",
    "title": "titles",
    "organisation": "organisations",
    "venue": "venues",
    "topic": "topics",
    "source": "sources",
    "user": "users",
}
#: fields the tracker normalises on purpose (codes, addresses, dates), so they read back
#: differently from what was typed when accepted
NORMALISED = {
    "slug",
    "language",
    "name_original_language",
    "country_code",
    "email",
    "url",
    "archive_url",
    "when_edtf",
    "when_time",
    "when_timezone",
    "timezone",
    "published_on",
    "accessed_on",
    "valid_from",
    "valid_to",
    "abbreviation",
}
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def text_fields(html: str) -> list[str]:
    """The free-text inputs and text areas of the record form on a page."""
    import re

    form = html[html.find('class="record-form"') :]
    names = re.findall(r'<input[^>]*type="(?:text|search)"[^>]*name="([^"]+)"', form)
    names += re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="(?:text|search)"', form)
    names += re.findall(r'<textarea[^>]*name="([^"]+)"', form)
    return sorted(set(names) - {"csrf_token", "version", "change_note", "correction_public_note"})


def assert_escaped(value: str, html: str, where: str) -> None:
    if any(mark in value for mark in "<>\"'") and len(value) > 3:
        assert value not in html, f"{where} echoed {value!r} unescaped"


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_text_in_every_field_of_every_form(app, client, auth, demo, kind):
    auth.login("admin")
    prefix = KINDS[kind]
    path = f"/{prefix}/1/edit"
    page = client.get(path)
    assert page.status_code == 200
    fields = text_fields(page.text)
    assert fields, f"no text fields found on {path}"

    @FUZZ
    @given(value=hostile_text)
    def throw(value: str) -> None:
        data = form_fields(client.get(path).text)
        for name in fields:
            data[name] = [value]
        response = client.post(path, data=data)
        assert response.status_code in (302, 409, 422), (response.status_code, value)
        assert_escaped(value, response.text, path)
        if response.status_code != 302:
            return
        with app.app_context():
            service = service_for(kind)
            record = db.session.scalar(select(service.model).where(service.model.id == 1))
            for name in fields:
                if name in NORMALISED or not hasattr(record, name):
                    continue
                stored = getattr(record, name)
                assert stored == (value.strip() or None), (name, value, stored)
        shown = client.get(f"/{prefix}/1")
        assert shown.status_code == 200
        assert_escaped(value, shown.text, f"/{prefix}/1")

    throw()


@pytest.mark.parametrize(
    "kind", ["round", "outcome", "statement", "development", "source", "title"]
)
def test_impossible_dates_are_refused_beside_the_field(client, auth, demo, kind):
    auth.login("admin")
    path = f"/{KINDS[kind]}/1/edit"
    data = form_fields(client.get(path).text)
    date_fields = [
        name
        for name in data
        if name in NORMALISED and ("when_edtf" in name or name.endswith(("_on", "_from", "_to")))
    ]
    assert date_fields
    for value in IMPOSSIBLE_DATES:
        for name in date_fields:
            attempt = {**data, name: [value]}
            response = client.post(path, data=attempt)
            assert response.status_code == 422, (name, value, response.status_code)
            assert 'class="error"' in response.text


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_searches_and_paging(client, auth, demo, kind):
    auth.login("admin")

    @FUZZ
    @given(query=hostile_text, page=hostile_text)
    def search(query: str, page: str) -> None:
        response = client.get(
            f"/{KINDS[kind]}/", query_string={"q": query, "page": page, "sort": query}
        )
        assert response.status_code in (200, 400), (response.status_code, query, page)
        assert_escaped(query, response.text, "search")

    search()


def api_parameters(client) -> list[tuple[str, str]]:
    document = client.get("/api/openapi.json").get_json()
    found = []
    for path, operations in document["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            found.append((path, parameter["name"], parameter["in"]))
    return found


def test_hostile_api_parameters(client, auth, demo):
    auth.login("viewer")
    parameters = api_parameters(client)
    assert parameters

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=hostile_text, which=st.integers(min_value=0, max_value=len(parameters) - 1))
    def call(value: str, which: int) -> None:
        path, name, where = parameters[which]
        if where == "path":
            url, query = path.replace("{" + name + "}", quote(value, safe="") or "x"), {}
        else:
            url, query = path, {name: value}
        response = client.get(url, query_string=query)
        assert response.status_code < 500, (url, name, value, response.status_code)
        if response.status_code != 404 or url.startswith("/api/"):
            assert response.is_json, (url, name, value)

    call()


def test_hostile_text_in_every_other_form(app, client, auth, demo):
    """Every POST form the URL map offers without a record id: quick add, the new-record
    forms, imports, accounts, tokens, feeds, the password change."""
    auth.login("admin")
    paths = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods
        and "GET" in rule.methods
        and not rule.arguments
        and rule.endpoint not in ("auth.login", "auth.logout")
    )
    assert "/quick-add/" in paths and "/rounds/new" in paths

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=hostile_text)
    def throw(value: str) -> None:
        for path in paths:
            page = client.get(path)
            if page.status_code != 200:
                continue
            try:
                data = form_fields(page.text)
            except AssertionError:
                continue  # a page whose forms are all GET
            for name in [n for n in data if n not in ("csrf_token", "version")]:
                if len(data[name]) == 1 and not data[name][0].isdigit():
                    data[name] = [value]
            response = client.post(path, data=data)
            assert response.status_code < 500, (path, value, response.status_code)
            assert_escaped(value, response.text, path)

    throw()


def test_hostile_query_strings_on_every_page(app, client, auth, demo):
    """Every GET page without a record id, with hostile filters, sorting and paging."""
    auth.login("admin")
    paths = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )
    names = [
        "q",
        "page",
        "per_page",
        "sort",
        "dir",
        "kind",
        "negotiation",
        "round",
        "person",
        "topic",
        "verification",
        "since",
        "until",
        "date_from",
        "date_to",
        "user",
        "action",
        "next",
        "format",
        "lang",
    ]

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=hostile_text)
    def visit(value: str) -> None:
        for path in paths:
            response = client.get(path, query_string={name: value for name in names})
            assert response.status_code < 500, (path, value, response.status_code)
            if response.mimetype == "text/html":
                assert_escaped(value, response.text, path)

    visit()
