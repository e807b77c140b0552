"""The TimelineJS export renders in Knight Lab's TimelineJS itself, in headless Chromium.

TimelineJS comes from the npm registry (``npm install --no-save @knight-lab/timelinejs``, into
the git-ignored ``node_modules/``; ``.ci/run`` installs it, the test never does) and is served
to the browser by the test from that folder, never from a CDN. Without the package or Chromium
the test is skipped, saying why.
"""

from __future__ import annotations

import html
import json
import mimetypes
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
ORIGIN = "http://timelinejs.local"

EMBED = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/css/timeline.css">
<script src="/js/timeline.js"></script>
</head><body>
<div id="timeline-embed" style="width: 1200px; height: 700px"></div>
<script>
  window.timeline = new TL.Timeline("timeline-embed", DATA, {script_path: window.location.origin + "/js/", font: null});
</script>
</body></html>"""


def timelinejs_dist() -> Path:
    """The package's ``dist`` folder; skip, saying why, when it is not installed. Tests never
    install anything (a laptop may have no network): ``.ci/run`` installs it beforehand."""
    if not (DIST / "js" / "timeline.js").exists():
        pytest.skip(
            f"TimelineJS is not installed in {ROOT / 'node_modules'}: run `npm install --no-save "
            "--no-package-lock @knight-lab/timelinejs axe-core@4` in the repository root."
        )
    return DIST


def test_every_event_of_the_export_renders_in_timelinejs(chromium, live_server, page):
    dist = timelinejs_dist()
    response = page.request.get(live_server("/exports/negotiations/iran-us-2025/timelinejs.json"))
    assert response.ok
    document = response.json()
    assert document["events"]

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: message.type == "error" and problems.append(message.text))
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN).split("?")[0]
        if path == "/":
            body = EMBED.replace("DATA", json.dumps(document)).encode()
            route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
            return
        file = (dist / path.lstrip("/")).resolve()
        if dist.resolve() not in file.parents or not file.is_file():
            problems.append(f"missing asset {path}")
            route.fulfill(status=404, body=b"")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=kind)

    tab.route(f"{ORIGIN}/**", serve)
    try:
        tab.goto(f"{ORIGIN}/")
        tab.wait_for_selector(".tl-timemarker", state="attached", timeout=15_000)
        markers = tab.locator(".tl-timemarker").count()
        slides = tab.locator(".tl-slide").count()
        headlines = tab.locator(".tl-slide .tl-headline").all_inner_texts()
        eras = tab.locator(".tl-timeera").count()
    finally:
        context.close()

    assert problems == []
    assert markers == len(document["events"])
    assert slides == len(document["events"]) + 1  # the title slide comes first
    rendered = " ".join(" ".join(text.split()) for text in headlines)
    for event in document["events"]:
        headline = " ".join(html.unescape(event["text"]["headline"]).split())
        assert headline in rendered
    assert eras == len(document.get("eras", []))
