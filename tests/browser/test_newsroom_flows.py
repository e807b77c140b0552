"""An editor's newsroom flows in Chromium, in English and Arabic, at desktop and phone width:
quick add (one form, counted), edit with a picker, and export."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import open_as_editor, sign_in_anywhere

pytestmark = pytest.mark.browser

OMAN = "Third round confirmed for Saturday in Muscat, per Oman's foreign ministry"


@pytest.mark.parametrize(("language", "size"), [("en", "desktop"), ("ar", "phone")])
def test_logging_the_third_round_takes_one_form(chromium, live_server, screenshot, language, size):
    context, page = open_as_editor(chromium, live_server, language, size)
    try:
        sign_in_anywhere(page)
        page.goto("/timeline/")
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.locator("main a[href^='/quick-add/']").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        headline = f"{OMAN} ({language} {size})"
        page.locator("[name=text]").fill(headline)
        # options carry the reader's round names ("الجولة 3" in Arabic)
        third = page.locator(
            "[name=round_id] option", has_text=re.compile(r"(Round|الجولة) 3\b")
        ).first
        page.locator("[name=round_id]").select_option(third.get_attribute("value"))
        page.locator("[name=when_text]").fill("Saturday")
        page.locator("[name=source_outlet]").fill("Oman News Agency")
        page.locator("[name=source_url]").fill(f"https://omannews.gov.om/{language}-{size}")
        screenshot(page, f"quick-add-filled-{language}-{size}")
        page.locator("main button[type=submit].primary").click()
        page.wait_for_url(re.compile(r"/timeline/"))
        assert len(posts) == 1 and posts[0].endswith("/quick-add/")
        expect(page.locator(".flash-success")).to_contain_text(headline)
        expect(page.locator("main")).to_contain_text("Oman News Agency")
        screenshot(page, f"timeline-after-quick-add-{language}-{size}")
    finally:
        context.close()


@pytest.mark.parametrize(("language", "size"), [("en", "phone"), ("ar", "desktop")])
def test_editing_with_a_picker_then_exporting(chromium, live_server, screenshot, language, size):
    context, page = open_as_editor(chromium, live_server, language, size)
    try:
        sign_in_anywhere(page)
        page.goto("/developments/")
        page.locator("main table tbody a").first.click()
        page.goto(page.url + "/edit")
        picker = page.locator("select[name=person_ids]")
        box = page.locator(".picker-filter[aria-controls=person_ids]")
        box.fill("عراقچی")  # the Persian spelling finds Araghchi
        option = picker.locator("option:not([hidden])", has_text="Araghchi")
        expect(option).to_have_count(1)
        picker.select_option(option.get_attribute("value"))
        screenshot(page, f"edit-with-picker-{language}-{size}")
        page.locator("main form button[type=submit].primary").first.click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Araghchi")
        page.goto("/exports/")
        with page.expect_download() as download:
            page.locator("main a[href$='.csv']").first.click()
        assert download.value.suggested_filename.endswith(".csv")
    finally:
        context.close()


def test_a_new_round_from_its_negotiation_takes_the_next_number_and_last_venue(
    chromium, live_server, screenshot
):
    context, page = open_as_editor(chromium, live_server, "en", "phone")
    try:
        sign_in_anywhere(page)
        page.goto("/negotiations/")
        page.locator("main table tbody a").first.click()
        page.locator("main a[href*='/rounds/new?negotiation_id=']").click()
        expect(page.locator("[name=number]")).to_have_value("4")
        expect(page.locator("[name=venue_id] option:checked")).not_to_have_text("—")
        screenshot(page, "new-round-prefilled-en-phone")
    finally:
        context.close()
