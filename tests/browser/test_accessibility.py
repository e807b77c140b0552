"""Every main page in English and Arabic, at desktop and phone width: no serious or critical
axe-core violation, no sideways scrolling, the right reading direction, and a screenshot of
each in ``screenshots/`` for people to look at.

axe-core comes from the npm registry into the git-ignored ``node_modules/`` at the repository
root (``npm install --no-save --no-package-lock axe-core@4``); without it these tests skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
#: name -> path; the paths of single records are found by following the first link of a list
PAGES = {
    "home": "/",
    "timeline": "/timeline/",
    "quick-add": "/quick-add/",
    "negotiations": "/negotiations/",
    "negotiation": "negotiations",
    "rounds": "/rounds/",
    "round": "rounds",
    "statements": "/statements/",
    "statement-edit": "statements:edit",
    "outcomes": "/outcomes/",
    "developments": "/developments/",
    "development-new": "/developments/new",
    "people": "/people/",
    "person": "people",
    "organisations": "/organisations/",
    "venues": "/venues/",
    "topics": "/topics/",
    "sources": "/sources/",
    "recent-changes": "/changes/",
    "exports": "/exports/",
    "profile": "/profile",
}

AXE_SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    if not AXE.exists():
        pytest.skip(
            f"axe-core not found at {AXE}: run `npm install --no-save --no-package-lock "
            "axe-core@4` at the repository root to run the accessibility tests."
        )
    return AXE


def open_as_editor(chromium, live_server, language: str, size: str):
    context = chromium.new_context(
        base_url=live_server.url,
        viewport=SIZES[size],
        locale=language,
        is_mobile=size == "phone",
        bypass_csp=True,  # axe is injected as a script of the page's own
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def resolve(page, path: str) -> str:
    """A list's first record (``rounds``) or its edit page (``statements:edit``)."""
    if path.startswith("/"):
        return path
    area, _, action = path.partition(":")
    page.goto(f"/{area}/")
    href = page.locator("main table tbody a").first.get_attribute("href")
    return f"{href}/edit" if action else href


def check(page, axe_script: Path, name: str, language: str, size: str, screenshot) -> list[str]:
    """The page's problems, as sentences; also saves its screenshot."""
    problems = []
    direction = "rtl" if language == "ar" else "ltr"
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("html")).to_have_attribute("lang", language)
    wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if wide > 1:
        problems.append(f"{name} [{language} {size}]: scrolls sideways by {wide}px")
    page.add_script_tag(path=str(axe_script))
    problems += [f"{name} [{language} {size}]: {v}" for v in page.evaluate(AXE_SERIOUS)]
    screenshot(page, f"{name}-{language}-{size}")
    return problems


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_main_page_is_accessible_and_fits(
    chromium, live_server, axe_script, screenshot, language, size
):
    context, page = open_as_editor(chromium, live_server, language, size)
    try:
        page.goto("/login")
        problems = check(page, axe_script, "login", language, size, screenshot)
        sign_in_anywhere(page)
        for name, path in PAGES.items():
            page.goto(resolve(page, path))
            problems += check(page, axe_script, name, language, size, screenshot)
        print("\n".join(problems))
        assert problems == []
    finally:
        context.close()


def test_form_errors_are_announced_next_to_their_fields(chromium, live_server, axe_script):
    context, page = open_as_editor(chromium, live_server, "ar", "phone")
    try:
        sign_in_anywhere(page)
        page.goto("/quick-add/")
        page.locator("button[type=submit].primary").click()
        text = page.locator("[name=text]")
        expect(text).to_have_attribute("aria-invalid", "true")
        error = page.locator("#" + text.get_attribute("aria-describedby"))
        expect(error).to_have_attribute("role", "alert")
        expect(error).not_to_be_empty()
    finally:
        context.close()


def sign_in_anywhere(page) -> None:
    from tracker.demo import story

    page.goto("/login")
    page.locator("[name=email]").fill("editor@example.org")
    page.locator("[name=password]").fill(story.DEMO_PASSWORD)
    page.locator("form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r"/$"))
