"""``tracker backup`` copies a live SQLite database while editors save, and ``tracker restore``
brings it back into a fresh database with nothing lost."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from conftest import make_app
from sqlalchemy import func, select

from tracker import migrate
from tracker.backup import head_revision
from tracker.db import begin_write
from tracker.extensions import db
from tracker.models import ChangeRecord, Venue
from tracker.services.catalogue import venues

WRITERS = 4
SAVES_EACH = 25


@pytest.fixture
def live(tmp_path: Path):
    """An app on its own SQLite file, as the newsroom runs it."""
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    migrate.upgrade(url)
    app = make_app(url, tmp_path / "instance-live")
    yield app
    with app.app_context():
        db.engine.dispose()


def names_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM venue")}


def test_backup_during_concurrent_writes_restores_with_nothing_lost(live, tmp_path):
    committed: list[str] = []
    before_backup: list[str] = []
    started = threading.Event()

    def writer(number: int) -> None:
        for n in range(SAVES_EACH):
            with live.app_context():
                name = f"Venue {number}.{n}"
                begin_write(db.session)  # writers outside a request queue for the lock too
                venues.create(db.session, None, {"name": name})
                db.session.commit()
                committed.append(name)
            if n == 5:
                started.set()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    started.wait()
    before_backup.extend(committed)
    during = tmp_path / "during.sqlite3"
    result = live.test_cli_runner().invoke(args=["backup", str(during)])
    for thread in threads:
        thread.join()
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    saved = names_in(during)
    assert set(before_backup) <= saved  # everything committed before the backup is in it
    assert saved <= set(committed)
    with closing(sqlite3.connect(during)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        # a snapshot of whole transactions: every venue in it has its history row, and back
        histories = connection.execute(
            "SELECT count(*) FROM change_record WHERE record_kind = 'venue'"
        ).fetchone()[0]
    assert histories == len(saved)

    after = tmp_path / "after.sqlite3"
    assert live.test_cli_runner().invoke(args=["backup", str(after)]).exit_code == 0

    fresh_url = f"sqlite:///{tmp_path / 'fresh' / 'restored.sqlite3'}"
    fresh = make_app(fresh_url, tmp_path / "instance-fresh")
    restored = fresh.test_cli_runner().invoke(args=["restore", str(after), "--yes"])
    assert restored.exit_code == 0, restored.output
    with fresh.app_context():
        names = set(db.session.scalars(select(Venue.name)))
        assert names == set(committed) and len(names) == WRITERS * SAVES_EACH
        assert db.session.scalar(select(func.count(ChangeRecord.id))) == len(committed)
        db.engine.dispose()
    migrate.check(fresh_url)


def test_restore_asks_first_and_changes_nothing_when_declined(live, tmp_path):
    with live.app_context():
        venues.create(db.session, None, {"name": "Muscat"})
        db.session.commit()
    copy = tmp_path / "copy.sqlite3"
    assert live.test_cli_runner().invoke(args=["backup", str(copy)]).exit_code == 0
    with live.app_context():
        venues.create(db.session, None, {"name": "Rome"})
        db.session.commit()
    declined = live.test_cli_runner().invoke(args=["restore", str(copy)], input="n\n")
    assert declined.exit_code != 0 and "Replace everything" in declined.output
    with live.app_context():
        assert set(db.session.scalars(select(Venue.name))) == {"Muscat", "Rome"}
    accepted = live.test_cli_runner().invoke(args=["restore", str(copy)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    with live.app_context():
        db.session.close()
        assert set(db.session.scalars(select(Venue.name))) == {"Muscat"}


def test_backup_refuses_to_overwrite_and_restore_refuses_what_is_not_a_backup(live, tmp_path):
    existing = tmp_path / "existing.sqlite3"
    existing.write_text("keep me")
    refused = live.test_cli_runner().invoke(args=["backup", str(existing)])
    assert refused.exit_code != 0 and "exists already" in refused.output
    assert existing.read_text() == "keep me"
    not_a_backup = live.test_cli_runner().invoke(args=["restore", str(existing), "--yes"])
    assert not_a_backup.exit_code != 0 and "not a SQLite database" in not_a_backup.output
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    other = live.test_cli_runner().invoke(args=["restore", str(empty), "--yes"])
    assert other.exit_code != 0 and "not a tracker database" in other.output


def test_postgresql_is_pointed_at_pg_dump(tmp_path):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.sqlite3")])
    assert result.exit_code != 0 and "pg_dump" in result.output


def test_the_backup_names_its_schema(live, tmp_path):
    copy = tmp_path / "named.sqlite3"
    result = live.test_cli_runner().invoke(args=["backup", str(copy)])
    assert f"schema {head_revision()}" in result.output
