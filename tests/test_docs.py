"""The documentation is kept honest by tests, as Datasette's is: every ``tracker`` command the
README and ``docs/`` name exists and every command is named, every ``TRACKER_*`` setting the code
reads is documented on the production page and every documented one is read somewhere, every
link between the pages reaches a file and, when it names one, a heading, and every source file,
Python name and page address the pages point at exists.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.cli import ScriptInfo
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from tracker import config
from tracker.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

#: The areas the README promises a page for (issue 12), each a file in docs/.
PROMISED_PAGES = [
    "editing.md",
    "timeline.md",
    "exports-and-api.md",
    "history-and-conflicts.md",
    "production.md",
    "article-assist.md",
]

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
#: ``tracker`` run as a program in code: at the start of a line or span, from a ``bin/`` folder,
#: after a pipe, ``&&``, ``;`` or inside ``$(...)`` (not an argument, as in ``pybabel extract ...
#: tracker templates``), followed by a command and perhaps a subcommand.
COMMAND = re.compile(
    r"(?:^|(?<=bin/)|(?<=\$\()|(?<=[|;&] ))tracker((?: [a-z][a-z0-9-]*){1,2})", re.M
)
SETTING = re.compile(r"\bTRACKER_[A-Z][A-Z0-9_]*[A-Z0-9]\b")
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")


def page_text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def code_of(text: str) -> list[str]:
    """The fenced blocks and inline code spans of a page: where commands are written."""
    blocks = FENCE.findall(text)
    prose = FENCE.sub("", text)
    return blocks + INLINE_CODE.findall(prose)


def command_tree(app: Flask) -> dict[str, click.Command]:
    """Every command ``tracker`` offers (Flask's own and the tracker's), by name.

    Flask's group pushes an app context while it looks commands up; closing the click context
    pops it, so no database session outlives the test.
    """
    with click.Context(main, obj=ScriptInfo(create_app=lambda: app)) as context:
        return {name: main.get_command(context, name) for name in main.list_commands(context)}


def named_commands() -> dict[tuple[str, ...], set[str]]:
    """Each ``tracker`` invocation written in the docs, as its words, with the pages naming it."""
    found: dict[tuple[str, ...], set[str]] = {}
    for page in PAGES:
        for code in code_of(page_text(page)):
            for words in COMMAND.findall(code):
                found.setdefault(tuple(words.split()), set()).add(page.name)
    return found


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page_text(page))
    return {slug(match) for match in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_the_promised_pages_exist_and_the_readme_links_each():
    readme = page_text(ROOT / "README.md")
    for name in PROMISED_PAGES:
        assert (DOCS / name).is_file(), name
        assert f"](docs/{name})" in readme, f"the README does not link docs/{name}"


def test_every_command_the_docs_name_exists(app):
    commands = command_tree(app)
    named = named_commands()
    assert ("seed-demo",) in named, "the Quick start's command was not found: check COMMAND"
    for words, pages in named.items():
        command = commands.get(words[0])
        assert command is not None, f"`tracker {words[0]}` in {sorted(pages)} is not a command"
        if isinstance(command, click.Group):
            assert len(words) > 1, f"`tracker {words[0]}` in {sorted(pages)} names no subcommand"
            assert words[1] in command.commands, (
                f"`tracker {' '.join(words)}` in {sorted(pages)} is not a command"
            )


def test_every_command_is_documented(app):
    named = {words[:2] for words in named_commands()} | {words[:1] for words in named_commands()}
    missing = []
    for name, command in command_tree(app).items():
        if isinstance(command, click.Group):
            missing += [
                f"tracker {name} {sub}" for sub in command.commands if (name, sub) not in named
            ]
        elif (name,) not in named:
            missing.append(f"tracker {name}")
    assert missing == [], "document these commands in docs/ (production.md lists them all)"


def test_the_command_table_lists_every_command(app):
    """The production page's table is the one place a reader finds them all."""
    production = page_text(DOCS / "production.md")
    table = production.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = {tuple(words.split()) for code in code_of(table) for words in COMMAND.findall(code)}
    for name, command in command_tree(app).items():
        subs = command.commands if isinstance(command, click.Group) else {}
        for words in [(name, sub) for sub in subs] or [(name,)]:
            assert any(found[: len(words)] == words for found in listed), " ".join(words)


def settings_read_by(folder: Path) -> set[str]:
    found: set[str] = set()
    for source in folder.rglob("*.py"):
        found |= set(SETTING.findall(source.read_text(encoding="utf-8")))
    return found


def test_every_setting_the_app_reads_is_in_the_configuration_table():
    """Settings come from ``config.DEFAULTS`` (read as ``TRACKER_<NAME>``) and the few read
    directly; each needs a row in the production page's table."""
    read = {f"TRACKER_{name}" for name in config.DEFAULTS} | settings_read_by(ROOT / "tracker")
    production = page_text(DOCS / "production.md")
    table = production.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `(TRACKER_[A-Z0-9_]+)` \|", table, re.M))
    assert sorted(read - rows) == [], "add these settings to docs/production.md, Configuration"
    assert sorted(rows - read) == [], "the app reads no such setting"


def test_every_setting_the_docs_name_is_read_somewhere():
    """A documented setting the code does not read would be a promise nobody keeps; the tests'
    own settings (``TRACKER_TEST_*``, the browser suite's Chromium) are read in ``tests/``."""
    read = (
        {f"TRACKER_{name}" for name in config.DEFAULTS}
        | settings_read_by(ROOT / "tracker")
        | settings_read_by(ROOT / "tests")
    )
    for page in PAGES:
        unknown = set(SETTING.findall(page_text(page))) - read
        assert sorted(unknown) == [], f"{page.name} names settings nothing reads"
    documented = set().union(*(SETTING.findall(page_text(page)) for page in PAGES))
    tests_only = settings_read_by(ROOT / "tests") - settings_read_by(ROOT / "tracker")
    tests_only -= {f"TRACKER_{name}" for name in config.DEFAULTS}
    assert sorted(tests_only - documented) == [], "document the tests' settings in development.md"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page):
    for target in LINK.findall(FENCE.sub("", page_text(page))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.is_file(), f"{page.name}: {target} reaches no file"
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked), f"{page.name}: {target} names no heading"


def test_the_anchor_rule_matches_githubs():
    assert slug("What's next and the round chart") == "whats-next-and-the-round-chart"
    assert slug("Sessions: signed-in devices") == "sessions-signed-in-devices"
    assert (
        slug("Data in and out: CSV, TimelineJS, calendar, feed, data package, import")
        == "data-in-and-out-csv-timelinejs-calendar-feed-data-package-import"
    )


SOURCE_PATH = re.compile(
    r"\b(?:tracker|tests|bench|migrations|templates)/[\w/.-]*\.(?:py|js|html|css|md)\b"
)
#: ``tracker.services.history.corrections_since``: a module, then perhaps a name in it.
DOTTED_NAME = re.compile(r"^tracker(?:\.[A-Za-z_]\w*)+$")


def test_every_source_file_the_docs_name_exists():
    """A page pointing at a moved or deleted file sends the next maintainer nowhere."""
    for page in PAGES:
        for path in SOURCE_PATH.findall(page_text(page)):
            assert (ROOT / path).exists(), f"{page.name} names {path}, which does not exist"


def test_every_python_name_the_docs_give_exists():
    for page in PAGES:
        for code in INLINE_CODE.findall(page_text(page)):
            name = code.split("(", 1)[0]
            if not DOTTED_NAME.match(name):
                continue
            parts = name.split(".")
            for split in range(len(parts), 0, -1):
                try:
                    found: object = importlib.import_module(".".join(parts[:split]))
                except ModuleNotFoundError:
                    continue
                for attribute in parts[split:]:
                    assert hasattr(found, attribute), f"{page.name} names {name}: no {attribute}"
                    found = getattr(found, attribute)
                break
            else:
                raise AssertionError(f"{page.name} names {name}, which is no module")


#: A site path written as code: ``/timeline/?topic=1``, ``/exports/<kind>.csv``, ``/api/``.
SITE_PATH = re.compile(r"^/[\w<>|.-][^\s`]*$")
#: Top folders of a Unix file system, which the pages name for programs and backups.
FILESYSTEM_ROOTS = {"bin", "etc", "home", "opt", "srv", "tmp", "usr", "var"}


def documented_paths() -> list[tuple[str, str]]:
    """Site paths the pages give, with their page; a filesystem path (``/usr/bin/chromium``) is
    told apart by its first folder."""
    found = []
    for page in PAGES:
        text = page_text(page)
        spans = INLINE_CODE.findall(FENCE.sub("", text)) + re.findall(
            r"localhost:5000(/[^\s\"']*)", text
        )
        for span in spans:
            if not SITE_PATH.match(span):
                continue
            path = re.split(r"\[?\?", span, maxsplit=1)[0]
            if path.split("/")[1] not in FILESYSTEM_ROOTS:
                found.append((page.name, path))
    return found


def test_every_page_address_the_docs_give_is_a_route(app):
    """``/<kind>/<id>/history`` stands for every kind's history page; ``/api/`` for the routes
    under it."""
    adapter = app.url_map.bind("localhost")
    samples = [re.sub(r"<[^>]+>", "1", rule.rule) for rule in app.url_map.iter_rules()]
    rules = [rule.rule for rule in app.url_map.iter_rules()]
    paths = documented_paths()
    assert ("exports-and-api.md", "/exports/<kind>.csv") in paths, "the path finder found nothing"
    for page, path in paths:
        pattern = re.compile(
            "".join("[^/]+" if part.startswith("<") else re.escape(part)
                    for part in re.split(r"(<[^>]+>)", path))
            + "$"
        )  # fmt: skip
        concrete = re.sub(r"<[^>]+>", "1", path)
        try:
            adapter.match(concrete)
            continue
        except RequestRedirect:  # /changes answers with a redirect to /changes/
            continue
        except (NotFound, MethodNotAllowed):
            pass
        assert any(pattern.match(sample) for sample in samples) or any(
            rule.startswith(path) for rule in rules
        ), f"{page} gives {path}, which no route answers"
