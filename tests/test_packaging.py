"""``pip install .`` gives a working app: the wheel carries the templates and migrations that
sit at the top level of the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_templates_migrations_and_static_files(tmp_path):
    # Offline: the build backend comes from the test extras, not from the package index.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "tracker/templates/base.html",
        "tracker/templates/rounds/detail.html",
        "tracker/migrations/env.py",
        "tracker/migrations/script.py.mako",
        "tracker/static/tracker.css",
    }
    assert expected <= names
    versions = {path.name for path in (ROOT / "migrations" / "versions").glob("*.py")}
    assert {f"tracker/migrations/versions/{name}" for name in versions} <= names
