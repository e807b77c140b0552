"""The round form's announcement fields appear once the status, date or venue changes, and what
they hold is what the round page then says."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import open_as_editor, sign_in_anywhere

pytestmark = pytest.mark.browser


def test_postponing_a_round_asks_when_and_by_whom_it_was_announced(chromium, live_server):
    context, page = open_as_editor(chromium, live_server, "en", "desktop")
    try:
        sign_in_anywhere(page)
        page.goto("/rounds/")
        page.locator("main table tbody a", has_text="Round 2").first.click()
        round_url = page.url
        page.goto(round_url + "/edit")
        announcement = page.locator("fieldset[data-schedule-change]")
        expect(announcement).to_be_hidden()
        page.locator("[name=status]").select_option("postponed")
        expect(announcement).to_be_visible()
        page.locator("[name=announced_on]").fill("2025-05-01")
        source = page.locator("[name=announced_by_id] option:not([value=''])").first
        source_name = source.inner_text().strip()
        page.locator("[name=announced_by_id]").select_option(source.get_attribute("value"))
        page.locator("main button[type=submit].primary").click()
        page.wait_for_url(round_url)
        expect(page.locator(".schedule-changes")).to_contain_text(
            f"Postponed on 1 May 2025 (announced by {source_name}): was 19 April 2025"
        )
    finally:
        context.close()
