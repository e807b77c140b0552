"""The layers import only downwards, read straight from the source with ``ast``.

The web pages, the API and the command line are three doors onto the same services: none
imports another. Models know nothing of the services, Flask or the doors; services know nothing
of the exports or the doors. And no import hides inside a function, where it would be dodging
a cycle these rules exist to prevent.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import tracker
from tracker.services.record_kinds import RECORD_SERVICES
from tracker.services.records import RecordService
from tracker.views import RECORD_PAGES
from tracker.views.crud import RecordPages

PACKAGE = Path(tracker.__file__).parent
#: (module, imported module): imports that must stay inside a function, and why
IMPORTS_IN_FUNCTIONS_ALLOWED = {
    (
        "tracker.services.accounts",
        "zxcvbn.frequency_lists",
    ): "tens of thousands of leaked passwords, loaded on the first password check only",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules one import statement names, relative imports made absolute; ``from x
    import y`` names both ``x`` and ``x.y`` (``y`` may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".")
        anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
        base = ".".join([*anchor, base] if base else anchor)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def parse_all() -> dict[str, tuple[ast.Module, bool]]:
    return {
        module_name(path): (ast.parse(path.read_text(), str(path)), path.name == "__init__.py")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


MODULES = parse_all()


def imports_of(module: str) -> set[str]:
    tree, is_package = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(imported(node, module, is_package))
    return found


def within(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def door_of(module: str) -> str | None:
    """Which door a module belongs to: the web pages, the API or the command line."""
    if within(module, "tracker.views"):
        return "web"
    if within(module, "tracker.api"):
        return "api"
    if module == "tracker.cli" or module.startswith("tracker.cli_"):
        return "cli"
    return None


def breaches(importer_prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module in MODULES
        if within(module, importer_prefix)
        for name in imports_of(module)
        if within(name, *forbidden)
    )


def test_the_walk_sees_every_layer():
    """A rename that moved a layer out of sight would make every other test here pass."""
    doors = {door_of(module) for module in MODULES}
    assert doors >= {"web", "api", "cli"}
    assert any(within(module, "tracker.models") for module in MODULES)
    assert any(within(module, "tracker.services") for module in MODULES)
    assert "tracker.services.timeline_index" in imports_of("tracker")


def test_no_door_imports_another():
    crossings = sorted(
        f"{module} ({door}) imports {name} ({door_of(name)})"
        for module in MODULES
        if (door := door_of(module)) is not None
        for name in imports_of(module)
        if name.startswith("tracker.") and door_of(name) not in (None, door)
    )
    assert crossings == []


def test_models_import_no_services_doors_or_flask():
    forbidden = ("tracker.services", "tracker.views", "tracker.api", "tracker.cli", "flask")
    found = breaches("tracker.models", forbidden)
    found += [
        f"{module} imports {name}"
        for module in MODULES
        if within(module, "tracker.models")
        for name in imports_of(module)
        if name.startswith("flask_")
    ]
    assert found == []


def test_services_import_no_exports_or_doors():
    forbidden = ("tracker.exports", "tracker.views", "tracker.api", "tracker.cli")
    assert breaches("tracker.services", forbidden) == []


def test_no_import_sits_inside_a_function():
    hidden = []
    for module, (tree, is_package) in MODULES.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                name = imported(node, module, is_package)[0]
                if (module, name) not in IMPORTS_IN_FUNCTIONS_ALLOWED:
                    hidden.append(f"{module}:{node.lineno} imports {name} in {function.name}()")
    assert hidden == []


@pytest.mark.parametrize("entry", sorted(IMPORTS_IN_FUNCTIONS_ALLOWED))
def test_every_allowed_import_in_a_function_is_still_there(entry):
    """An allowance outliving its import would quietly permit the next one."""
    module, name = entry
    tree, is_package = MODULES[module]
    assert any(
        isinstance(node, ast.Import | ast.ImportFrom)
        and imported(node, module, is_package)[0] == name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    )


def module_level_instances(package: str, cls: type) -> set[int]:
    """The ids of every ``cls`` instance bound at module level anywhere in ``package``."""
    found = set()
    for module in MODULES:
        if within(module, package):
            found.update(
                id(value)
                for value in vars(importlib.import_module(module)).values()
                if isinstance(value, cls)
            )
    return found


def test_every_record_service_is_in_the_explicit_list():
    """The registry is a list, not a side effect: a service left out of it would be missed by
    the history's restore and by cascading deletes, so a new one must be listed."""
    listed = {id(service) for service in RECORD_SERVICES}
    assert module_level_instances("tracker.services", RecordService) == listed
    assert len({service.kind for service in RECORD_SERVICES}) == len(RECORD_SERVICES)


def test_every_kind_of_record_page_is_in_the_explicit_list():
    """Pages left out of ``RECORD_PAGES`` would have no blueprint and no record links."""
    listed = {id(pages) for pages in RECORD_PAGES}
    assert module_level_instances("tracker.views", RecordPages) == listed
