"""A reporter's flows through the timeline on the demo story, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FACTIONS_QUOTES = [
    "There can be no lasting peace or stability in the Middle East",
    "the resistance in Iraq is a domestic issue and unrelated to Iran–US negotiations",
    "Washington wants to see these factions disbanded",
]
SOURCE = "Shafaq News: Iran–US talks and future of Iraqi armed factions"


def test_timeline_lists_the_rounds_and_the_announced_third_round(page, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Timeline", exact=True).click()
    page.get_by_role("link", name="oldest first").click()
    stream = page.locator(".timeline-stream")
    expect(stream.get_by_role("heading", name="Round 1: Muscat").first).to_be_visible()
    expect(stream.get_by_role("heading", name="Round 2: Rome").first).to_be_visible()
    third = page.locator("#entry-round-3")
    # the round's own entry is named once, by the heading of its group
    expect(page.locator("section.round-group", has=third).locator("h2")).to_contain_text("Round 3")
    expect(third).to_contain_text("the coming weekend (week of 26 April 2025 (expected))")
    expect(third.locator(".badge")).to_have_text("Announced")
    expect(page.locator(".round-chart")).to_be_visible()
    screenshot(page, "timeline-oldest-first")


def test_filtering_by_armed_factions_shows_the_analysts_quotes_with_sources(page, screenshot):
    page.goto("/timeline/")
    page.locator(".facet-topic").get_by_role("link", name="Iraq's armed factions").click()
    expect(page).to_have_url(re.compile(r"topic=\d+"))
    for quote in FACTIONS_QUOTES:
        entry = page.locator("article.entry-statement", has_text=quote)
        expect(entry).to_have_count(1)
        expect(entry.locator(".sources")).to_contain_text(SOURCE)
    expect(
        page.locator("article.entry-statement", has_text="Iran doesn’t need proxies")
    ).to_have_count(0)
    expect(page.locator(".active-filters")).to_contain_text("Topic: Iraq's armed factions")
    screenshot(page, "timeline-topic-factions")

    pasted = page.context.new_page()  # the URL alone reopens the same view
    pasted.goto(page.url)
    expect(pasted.locator(".timeline-summary")).to_have_text(
        page.locator(".timeline-summary").inner_text()
    )
    pasted.close()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("عراقچی", "Round 2: Rome"),  # Persian: Araghchi's name, on the rounds he led
        ("الحشد", "Iraqi factions reported as a major point of contention"),  # Arabic: the PMF
    ],
)
def test_searching_arabic_or_persian_finds_the_entry(page, screenshot, word, expected):
    page.goto("/timeline/")
    page.get_by_label("Search headlines, quotes, outcomes and names").fill(word)
    page.get_by_role("button", name="Show entries").click()
    expect(page.locator(".timeline-stream")).to_contain_text(expected)
    expect(page.locator(".timeline-stream mark").first).to_be_visible()
    screenshot(page, f"timeline-search-{len(word)}-{ord(word[0]):x}")


def test_the_rome_round_page_shows_the_constructive_outcome_and_who_reported_it(page, screenshot):
    page.goto("/timeline/")
    page.locator(".timeline-stream").get_by_role("link", name="Round 2: Rome").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Round 2: Rome")
    outcome = page.locator("li", has_text="constructive").filter(has_text="Reported by")
    expect(outcome.first).to_contain_text("Iranian state media")
    screenshot(page, "round-rome")


def test_the_timeline_works_on_a_phone_without_javascript(phone_page, screenshot):
    phone_page.goto("/timeline/")
    phone_page.get_by_label("Kind").select_option("statement")
    phone_page.get_by_role("button", name="Show entries").click()
    expect(phone_page).to_have_url(re.compile(r"kind=statement"))
    expect(phone_page.locator("article.entry-round")).to_have_count(0)
    expect(phone_page.locator("article.entry-statement").first).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px phone"
    screenshot(phone_page, "timeline-phone")
