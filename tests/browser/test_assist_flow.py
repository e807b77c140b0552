"""Article assist in a browser on a 375-pixel phone, in English and Arabic: the seed article
goes from pasted text to recorded statements in four actions (paste, date, review, confirm),
the proposals stack under the article, nothing scrolls sideways and axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, served_demo
from tests.browser.test_accessibility import AXE, AXE_SERIOUS
from tracker.demo import story

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
SEED = (
    Path(__file__).resolve().parents[1] / "assist_corpus" / "seed-shafaq-iraqi-factions.txt"
).read_text(encoding="utf-8")
REVIEW_TITLE = {"en": "Review the article", "ar": "راجع المقالة"}
RECORDED = {"en": "Recorded from the article", "ar": "سُجّل من المقالة"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """This module records whole articles (dozens of statements): its own server keeps the
    shared demo timeline as the other modules expect it."""
    with served_demo(tmp_path_factory.mktemp("assist-live")) as server:
        yield server


@pytest.fixture
def axe(chromium) -> Path:
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE}: see tests/browser/test_accessibility.py.")
    return AXE


def editor_on_a_phone(chromium, live_server, language: str):
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/language/{language}?next=/login")
    page.locator("input[name=email]").fill("editor@example.org")
    page.locator("input[name=password]").fill(story.DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/")
    return context, page


def fits_and_passes_axe(page, axe: Path) -> None:
    wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 1, f"{page.url} scrolls sideways by {wide}px"
    page.add_script_tag(path=str(axe))
    assert page.evaluate(AXE_SERIOUS) == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_seed_article_in_four_actions_on_a_phone(chromium, live_server, axe, language):
    context, page = editor_on_a_phone(chromium, live_server, language)
    try:
        page.goto("/assist/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        fits_and_passes_axe(page, axe)
        page.locator("textarea[name=text]").fill(SEED)  # 1: paste
        page.locator("input[name=published_on]").fill("2025-04-21")  # 2: the day it came out
        page.locator("main form button[type=submit]").click()  # 3: review
        expect(page.locator("h1")).to_have_text(REVIEW_TITLE[language])
        article = page.locator(".assist-article").bounding_box()
        first_proposal = page.locator("fieldset.proposal").first.bounding_box()
        assert first_proposal["y"] >= article["y"] + article["height"], "not stacked on a phone"
        expect(page.locator("mark#mark-quotes-0-0")).to_be_visible()
        expect(page.locator("textarea[name=quotes-1-text]")).to_have_attribute("dir", "auto")
        fits_and_passes_axe(page, axe)
        page.locator("main form button[type=submit]").click()  # 4: confirm
        expect(page.locator(".flash")).to_contain_text(RECORDED[language])
        assert "/sources/" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_wrong_speaker_is_corrected_with_the_people_picker_on_a_phone(
    chromium, live_server, axe, language
):
    context, page = editor_on_a_phone(chromium, live_server, language)
    try:
        page.goto("/assist/")
        page.locator("textarea[name=text]").fill(
            'Nobody wants a war\n\nAli Vaez, an analyst, said: "Nobody wants a war."'
        )
        page.locator("input[name=published_on]").fill("2025-04-21")
        page.locator("main form button[type=submit]").click()
        speaker = page.locator("select[name=quotes-0-speaker]")
        expect(speaker).to_have_value("new")  # the engine's guess: a new person
        search = page.locator("#quotes-0-speaker").locator("xpath=preceding-sibling::input[1]")
        expect(search).to_have_class("picker-filter")
        search.fill("Azizi")
        expect(page.locator(".picker-status").first).not_to_be_empty()
        # no "add as new person" dialog here: a new person is only created on confirming
        expect(page.locator(".picker-add")).to_have_count(0)
        azizi = speaker.locator("option:not([hidden])", has_text="Azizi").first
        speaker.select_option(azizi.get_attribute("value"))
        fits_and_passes_axe(page, axe)
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text(RECORDED[language])
        expect(page.locator(".flash")).not_to_contain_text("Ali Vaez")
    finally:
        context.close()
