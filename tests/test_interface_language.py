"""The interface in English and Arabic: chosen by the reader or their browser, right to left in
Arabic, and a catalogue that is complete and compiled."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = [
    sys.executable,
    "-m",
    "babel.messages.frontend",
    "extract",
    "-F",
    "babel.cfg",
    "-k",
    "_l",
]
CATALOGUE = ROOT / "tracker" / "translations" / "ar" / "LC_MESSAGES"


def messages(catalogue) -> dict[str, tuple[str, ...]]:
    """msgid -> its translations, the same shape whether read from a .po or a .mo file."""
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            (m.string,) if isinstance(m.string, str) else tuple(m.string)
        )
        for m in catalogue
        if m.id
    }


def test_the_browser_language_decides_until_the_reader_chooses(client):
    english = client.get("/login").text
    assert '<html lang="en" dir="ltr">' in english and ">Sign in<" in english
    arabic = client.get("/login", headers={"Accept-Language": "ar-OM,ar;q=0.9,en;q=0.5"}).text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "تسجيل الدخول" in arabic and ">Sign in<" not in arabic
    assert 'href="/language/en?next=/login" lang="en"' in arabic


def test_the_language_switch_is_remembered_and_returns_to_the_page(client):
    response = client.get("/language/ar?next=/login?next=/timeline/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/timeline/"
    assert '<html lang="ar" dir="rtl">' in client.get("/login").text
    client.get("/language/en")
    assert (
        '<html lang="en" dir="ltr">' in client.get("/login", headers={"Accept-Language": "ar"}).text
    )


def test_the_switch_refuses_unknown_languages_and_foreign_sites(client):
    assert client.get("/language/xx").status_code == 404
    response = client.get("/language/ar?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_signed_in_pages_and_flash_messages_read_in_arabic(client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    home = client.get("/").text
    assert '<html lang="ar" dir="rtl">' in home
    assert "الخط الزمني" in home and "سجلت الدخول باسم" in home
    rounds = client.get("/rounds/").text
    assert "<h1>الجولات</h1>" in rounds and "عُقدت" in rounds  # vocabulary labels too
    form = client.get("/sources/new").text
    assert "مصدر واحد على الأقل" not in form  # the source form has no sources field
    assert ">العنوان<" in form  # form labels are translated where they are shown


def test_every_message_is_translated_and_the_compiled_catalogue_is_current():
    source = read_po(BytesIO((CATALOGUE / "messages.po").read_bytes()))
    compiled = read_mo(BytesIO((CATALOGUE / "messages.mo").read_bytes()))
    untranslated = [
        m.id
        for m in source
        if m.id and (not m.string or (not isinstance(m.string, str) and not all(m.string)))
    ]
    assert untranslated == []
    assert not [m.id for m in source if m.id and m.fuzzy]
    assert messages(source) == messages(compiled), "run: pybabel compile -d tracker/translations"


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [*EXTRACT, "-o", str(template), "tracker", "templates"],
        cwd=ROOT,
        check=True,
    )
    marked = set(messages(read_po(BytesIO(template.read_bytes()))))
    known = set(messages(read_po(BytesIO((CATALOGUE / "messages.po").read_bytes()))))
    assert sorted(marked - known) == [], (
        "update the catalogue: see docs/development.md, Translations"
    )
