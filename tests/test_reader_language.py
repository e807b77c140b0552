"""Dates and countries read in the reader's language, exports stay English and ISO, and the
chosen language is kept on the account so it follows the person to another device."""

from __future__ import annotations

import re

from sqlalchemy import select

from tracker.dates import DateWording, describe_edtf
from tracker.extensions import db
from tracker.models import Round, User, Venue


def test_babel_words_dates_in_the_readers_locale_and_keeps_english_by_default():
    assert describe_edtf("2025-04-12") == "12 April 2025"
    assert describe_edtf("2025-04-26~") == "week of 26 April 2025 (expected)"
    assert describe_edtf("2025-05?") == "May 2025 (unconfirmed)"
    assert describe_edtf("2025-04-19/2025-04-20") == "19 April 2025 – 20 April 2025"
    arabic = DateWording(week_of="أسبوع %(date)s", expected="%(date)s (متوقَّع)")
    assert describe_edtf("2025-04-12", "ar", arabic) == "12 أبريل 2025"
    assert describe_edtf("2025-04-26~", "ar", arabic) == "أسبوع 26 أبريل 2025 (متوقَّع)"
    assert describe_edtf("2025-05", "ar", arabic) == "مايو 2025"


def _muscat_round(app) -> tuple[int, int]:
    with app.app_context():
        first = db.session.scalar(select(Round).where(Round.when_edtf == "2025-04-12"))
        venue = db.session.scalar(select(Venue).where(Venue.country_code == "OM"))
        return first.id, venue.id


def test_pages_word_dates_and_countries_in_arabic(app, client, auth, demo):
    round_id, venue_id = _muscat_round(app)
    auth.login("viewer")
    client.get("/language/ar")
    page = client.get(f"/rounds/{round_id}").text
    assert "12 أبريل 2025" in page and "12 April 2025" not in page
    rounds = client.get("/rounds/").text
    assert "أسبوع 26 أبريل 2025 (متوقَّع)" in rounds and "week of" not in rounds
    venue = client.get(f"/venues/{venue_id}").text
    assert "عُمان" in venue and ">Oman<" not in venue


def test_exports_keep_english_wording_and_iso_dates_in_the_arabic_interface(
    app, client, auth, demo
):
    round_id, _ = _muscat_round(app)
    auth.login("viewer")
    client.get("/language/ar")
    shown = client.get(f"/api/v1/rounds/{round_id}").get_json()
    assert shown["when"]["edtf"] == "2025-04-12"
    assert shown["when"]["display"] == "12 April 2025"
    csv = client.get("/exports/rounds.csv").text
    assert "2025-04-12" in csv and "أبريل" not in csv


def test_the_chosen_language_is_kept_on_the_account_for_the_next_sign_in(app, auth):
    auth.login("editor")
    assert auth.client.get("/language/ar").status_code == 302
    with app.app_context():
        kept = db.session.scalar(select(User).where(User.email == "editor@newsroom.example.org"))
        assert kept.locale == "ar"
    elsewhere = app.test_client()
    signed_in = elsewhere.post(
        "/login",
        data={"email": "editor@newsroom.example.org", "password": "correct horse battery"},
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )
    assert '<html lang="ar" dir="rtl">' in signed_in.text
    elsewhere.get("/language/en")
    assert '<html lang="en" dir="ltr">' in auth.client.get("/timeline/").text


def test_a_language_chosen_before_signing_in_stays_in_the_session_only(app, client, auth):
    client.get("/language/ar")
    auth.login("viewer")
    assert '<html lang="ar" dir="rtl">' in client.get("/timeline/").text
    with app.app_context():
        kept = db.session.scalar(select(User).where(User.email == "viewer@newsroom.example.org"))
        assert kept.locale is None
    auth.logout()
    assert '<html lang="ar" dir="rtl">' in client.get("/login").text


def test_edtf_throttle_and_error_messages_read_in_arabic(app, client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    refused = client.post("/rounds/new", data={"negotiation_id": "1", "when_edtf": "2025-02-30"})
    assert "«2025-02-30» ليس تاريخًا يمكننا قراءته" in refused.text
    assert "is not a date we can read" not in refused.text
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "غير موجود" in missing.text
    assert "Not Found" not in missing.text
    auth.logout()
    for _ in range(3):
        client.post("/login", data={"email": "editor@newsroom.example.org", "password": "wrong!"})
    slowed = client.post(
        "/login", data={"email": "editor@newsroom.example.org", "password": "wrong!"}
    )
    assert slowed.status_code == 429
    assert "عدة كلمات مرور خاطئة متتالية" in slowed.text and "wait a minute" not in slowed.text


def test_code_inputs_read_left_to_right_in_the_arabic_interface(client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    form = client.get("/rounds/1/edit").text
    assert re.search(r'<input[^>]*dir="ltr"[^>]*name="when_edtf"', form)
    assert re.search(r'<input[^>]*dir="ltr"[^>]*name="when_timezone"', form)
    assert re.search(r'<input[^>]*dir="auto"[^>]*name="when_text"', form)
    venue = client.get("/venues/new").text
    assert re.search(r'<input[^>]*dir="ltr"[^>]*name="country_code"', venue)


def test_import_problems_read_in_arabic(client, auth, demo):
    from test_import_pages import HEADER, upload

    client.get("/language/ar")
    auth.login("editor")
    bad = HEADER + "Iran–US indirect talks (2025),x,,held,2025-13-01,Geneva\r\n"
    page = upload(client, bad.encode()).text
    assert "«x» ليس عددًا صحيحًا." in page
    assert "ليس تاريخًا يمكننا قراءته" in page
    assert "is not a whole number" not in page and "not a date we can read" not in page
