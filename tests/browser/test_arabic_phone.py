"""The Arabic interface on a 375-pixel phone: no page scrolls sideways, and the round chart
shows its upcoming round and its legend without scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tracker.demo import story

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
MAIN_PAGES = {
    "home": "/",
    "timeline": "/timeline/",
    "rounds": "/rounds/",
    "round": "/rounds/1",
    "negotiation": "/negotiations/1",
    "people": "/people/",
    "person": "/people/1",
    "statements": "/statements/",
    "exports": "/exports/",
    "profile": "/profile",
}


@pytest.fixture
def arabic_phone(chromium, live_server):
    """A viewer reading in Arabic on a phone. The language is chosen before signing in, so it
    stays in this session and is not kept on the demo account other tests sign in with."""
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto("/language/ar?next=/login")
    tab.locator("input[name=email]").fill("viewer@example.org")
    tab.locator("input[name=password]").fill(story.DEMO_PASSWORD)
    tab.locator("form button[type=submit]").click()
    tab.wait_for_url("**/")
    yield tab
    context.close()


def inside_the_viewport(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (selector, box)


def test_main_pages_fit_a_phone_in_arabic(arabic_phone, tmp_path):
    page = arabic_phone
    for name, path in MAIN_PAGES.items():
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.screenshot(path=str(tmp_path / f"{name}-ar-375.png"), full_page=True)
        page.screenshot(path=str(tmp_path / f"{name}-ar-375-top.png"))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px in Arabic"


def test_the_round_chart_shows_the_upcoming_round_and_legend_on_a_phone(arabic_phone, tmp_path):
    page = arabic_phone
    page.goto("/timeline/")
    chart = page.locator("svg.round-chart")
    expect(chart).to_be_visible()
    expect(chart.locator(".round-chart-legend")).to_contain_text("مقبلة")
    page.screenshot(path=str(tmp_path / "timeline-top-ar-375.png"))
    chart.screenshot(path=str(tmp_path / "round-chart-ar-375.png"))
    inside_the_viewport(page, "svg.round-chart")
    inside_the_viewport(page, "svg.round-chart .round-chart-legend")
    inside_the_viewport(page, "svg.round-chart .round-announced, svg.round-chart .round-scheduled")
