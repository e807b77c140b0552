"""The ``tracker`` command: migrations, the demo loader and account creation."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User, UserRole


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "Desk@Example.org", "--role", "editor", "--name", "Data Desk"],
        input="a very long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "desk@example.org"))
        assert user.role is UserRole.EDITOR
        assert user.check_password("a very long password")


def test_create_user_refuses_a_short_password_and_a_duplicate(app, runner):
    short = runner.invoke(args=["create-user", "a@example.org"], input="short\n")
    assert short.exit_code != 0
    assert "at least 10 characters" in short.output
    runner.invoke(args=["create-user", "a@example.org"], input="long enough password\n")
    again = runner.invoke(args=["create-user", "a@example.org"], input="long enough password\n")
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_create_user_refuses_a_bad_email(runner):
    result = runner.invoke(args=["create-user", "not-an-email"], input="long enough password\n")
    assert result.exit_code != 0
    assert "valid email" in result.output


def test_seed_demo_twice_changes_nothing(runner):
    first = runner.invoke(args=["seed-demo"])
    assert "Demo story loaded" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "nothing changed" in second.output


def test_db_commands_migrate_a_new_database(tmp_path):
    """``tracker db upgrade`` and ``db check`` run against TRACKER_DATABASE_URL, as installed."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    environment = {"TRACKER_DATABASE_URL": url, "TRACKER_INSTANCE_PATH": str(tmp_path), "PATH": ""}
    for command in (["db", "upgrade"], ["db", "check"], ["db", "downgrade", "base"]):
        done = subprocess.run(
            [sys.executable, "-m", "tracker.cli", *command],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "fresh.sqlite3").exists()
