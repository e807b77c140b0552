"""Browser fixtures: the real app behind a real werkzeug server, driven by Debian's Chromium.

The server runs in a thread on 127.0.0.1 against its own migrated SQLite file holding the demo
story and its accounts, so browser tests never share rows with the other tests. When Chromium
is not installed the browser tests are skipped, with the reason, never passed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tracker import create_app, migrate
from tracker.demo import load_demo, story
from tracker.extensions import db

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


class LiveServer:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, path: str) -> str:
        return f"{self.url}{path}"


@contextmanager
def served_demo(folder: Path) -> Iterator[LiveServer]:
    """The app with the demo story in its own database under ``folder``, served on a free
    port of 127.0.0.1 until the block ends."""
    url = f"sqlite:///{folder / 'live.sqlite3'}"
    migrate.upgrade(url)
    os.environ["TRACKER_INSTANCE_PATH"] = str(folder / "instance")
    app = create_app(
        {"SECRET_KEY": "browser-tests-secret-key-not-for-production", "DATABASE_URL": url}
    )
    with app.app_context():
        load_demo(db.session, with_accounts=True)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The demo story served until the run ends, shared by the modules that add little to it."""
    with served_demo(tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="module")
def chromium(live_server: LiveServer) -> Iterator[object]:
    """Headless Chromium, one per test module.

    Playwright's sync API keeps an event loop running in this thread while it is open, and
    Flask cannot tear down an app context under it: so the server starts first, and the browser
    closes with its module, before any other test builds an app.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
            "(or point TRACKER_CHROMIUM at a Chromium binary) to run the browser tests."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _new_page(chromium, live_server: LiveServer, **context_options):
    context = chromium.new_context(base_url=live_server.url, **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def sign_in(page, email: str = "viewer@example.org") -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(story.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


@pytest.fixture
def page(chromium, live_server):
    """A signed-in viewer's tab, desktop width."""
    context, tab = _new_page(chromium, live_server, viewport={"width": 1280, "height": 900})
    sign_in(tab)
    yield tab
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A signed-in viewer on a 375-pixel-wide phone, with JavaScript switched off."""
    context, tab = _new_page(
        chromium,
        live_server,
        viewport={"width": 375, "height": 812},
        java_script_enabled=False,
        is_mobile=True,
    )
    sign_in(tab)
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as ``screenshots/<name>.png`` (the folder is git-ignored)."""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
