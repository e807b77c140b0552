"""An expert the tracker does not know yet, added to a round without leaving the form: in English
and Arabic, on a phone and a desktop, in at most six actions, with no serious axe-core finding
while the creation dialog is open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE, AXE_SERIOUS, open_as_editor, sign_in_anywhere
from tracker.demo import story

pytestmark = pytest.mark.browser

MOST_ACTIONS = 6


@pytest.fixture(scope="module")
def axe_script(chromium) -> Path:
    """axe-core, as the accessibility tests load it; without it these tests skip."""
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE}: see tests/browser/test_accessibility.py.")
    return AXE


class Actions:
    """Counts what the editor does: each click, typing into a box, or choice from a list."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, done: object = None) -> None:
        self.count += 1


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_unknown_expert_is_added_to_a_round_inline(
    chromium, live_server, axe_script, screenshot, language, size
):
    expert = f"Seyed Hossein Mousavian {language} {size}"
    context, page = open_as_editor(chromium, live_server, language, size)
    act = Actions()
    try:
        sign_in_anywhere(page)
        page.goto("/rounds/")
        page.locator("main table tbody a").first.click()
        round_page = page.url

        act(page.locator('a[href*="/participations/new?round_id="]').click())
        person = page.locator(".field:has(select[name=person_id])")
        with page.expect_response(re.compile(r"/lookup/people\?q=")):
            act(person.locator("input.picker-filter").fill(expert))
        act(person.locator("button.picker-add").click())

        dialog = page.locator("dialog.inline-create[open]")
        expect(dialog.locator("input[name='new-people-name']")).to_have_value(expert)
        page.add_script_tag(path=str(axe_script))
        assert page.evaluate(AXE_SERIOUS) == []
        screenshot(page, f"inline-create-person-{language}-{size}")
        act(dialog.locator("button[type=submit]").click())

        expect(dialog).to_have_count(0)
        chosen = page.locator("select[name=person_id] option:checked")
        expect(chosen).to_have_text(expert)
        expect(page.locator("select[name=person_id]")).to_be_focused()
        act(page.locator("select[name=role]").select_option("expert"))
        act(page.locator("form.record-form button[type=submit].primary").click())

        page.wait_for_url(round_page)
        expect(page.locator("main")).to_contain_text(expert)
        assert act.count <= MOST_ACTIONS
    finally:
        context.close()


def test_a_refused_name_is_explained_inside_the_dialog(chromium, live_server, axe_script):
    context, page = open_as_editor(chromium, live_server, "en", "desktop")
    try:
        sign_in_anywhere(page)
        page.goto("/statements/new")
        topics = page.locator(".field:has(select[name=topic_ids])")
        typed_before = "Words that must survive the dialog"
        page.locator("[name=text_original]").fill(typed_before)
        with page.expect_response(re.compile(r"/lookup/topics\?q=")):
            topics.locator("input.picker-filter").fill("Iraq's armed factions, again")
        topics.locator("button.picker-add").click()
        dialog = page.locator("dialog.inline-create[open]")
        dialog.locator("input[name='new-topics-name']").fill("Iraq's armed factions")
        dialog.locator("button[type=submit]").click()
        name = dialog.locator("input[name='new-topics-name']")
        expect(name).to_have_attribute("aria-invalid", "true")
        expect(dialog.locator(".error")).to_contain_text("already exists")
        dialog.locator("[data-closes-dialog]").click()
        expect(dialog).to_have_count(0)
        expect(page.locator("[name=text_original]")).to_have_value(typed_before)
    finally:
        context.close()


def test_choosing_a_negotiation_narrows_the_rounds(chromium, live_server):
    """A second negotiation exists only for this test, and is deleted after it whatever happens,
    so the other browser tests still see the demo's single negotiation."""
    context, page = open_as_editor(chromium, live_server, "en", "desktop")
    negotiation_url = None
    try:
        page.goto("/login")
        page.locator("[name=email]").fill("admin@example.org")
        page.locator("[name=password]").fill(story.DEMO_PASSWORD)
        page.locator("form button[type=submit].primary").click()
        page.wait_for_url(re.compile(r"/$"))
        page.goto("/negotiations/new")
        page.locator("[name=title]").fill("Narrowing test talks")
        page.locator("form.record-form button[type=submit].primary").click()
        page.wait_for_url(re.compile(r"/negotiations/\d+$"))
        negotiation_url = page.url
        second = negotiation_url.rsplit("/", 1)[1]
        page.goto(f"/rounds/new?negotiation_id={second}")
        page.locator("form.record-form button[type=submit].primary").click()
        page.wait_for_url(re.compile(r"/rounds/\d+$"))
        second_round = page.url.rsplit("/", 1)[1]

        page.goto("/developments/new")
        rounds = page.locator("select[name=round_id]")
        page.locator("select[name=negotiation_id]").select_option(second)
        offered = rounds.locator("option:not([hidden])")
        expect(offered).to_have_count(2)  # the empty choice and the second negotiation's round
        rounds.select_option(second_round)
        page.locator("select[name=negotiation_id]").select_option(index=1)  # the demo's
        expect(rounds).to_have_value("")

        page.goto("/statements/new")
        expect(page.locator("select[name=negotiation_id]")).to_have_value("")
        page.locator("select[name=round_id]").select_option(second_round)
        expect(page.locator("select[name=negotiation_id]")).to_have_value(second)
    finally:
        if negotiation_url is not None:
            page.goto(f"{negotiation_url}/delete")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(re.compile(r"/negotiations/$"))
        context.close()


def test_a_pasted_link_creates_its_source_once_and_then_finds_it(chromium, live_server):
    context, page = open_as_editor(chromium, live_server, "en", "desktop")
    link = "https://www.example.org/2025/04/oman-hosts-third-round"
    try:
        sign_in_anywhere(page)
        page.goto("/outcomes/new")
        sources = page.locator(".field:has(select[name=source_ids])")
        box = sources.locator("input.picker-filter")
        with page.expect_response(re.compile(r"/lookup/sources\?q=")):
            box.fill(link)
        sources.locator("button.picker-add").click()
        dialog = page.locator("dialog.inline-create[open]")
        expect(dialog.locator("input[name='new-sources-url']")).to_have_value(link)
        dialog.locator("input[name='new-sources-headline']").fill("Oman hosts third round")
        dialog.locator("button[type=submit]").click()
        expect(dialog).to_have_count(0)
        chosen = page.locator("select[name=source_ids] option:checked")
        expect(chosen).to_have_text(re.compile("Oman hosts third round"))

        page.goto("/statements/new")
        with page.expect_response(re.compile(r"/lookup/sources\?q=")):
            box.fill(f"{link}/")
        found = page.locator("select[name=source_ids] option:not([hidden])")
        expect(found).to_have_text([re.compile("Oman hosts third round")])
        expect(sources.locator("button.picker-add")).to_have_count(0)
    finally:
        context.close()
