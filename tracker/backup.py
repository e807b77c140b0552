"""Backups of a live SQLite database, and bringing one back: ``tracker backup`` / ``tracker restore``.

Both go through SQLite's online backup API, never a file copy: a copy taken while the app
writes (with its write-ahead log beside the file) can be torn, while the backup API copies one
consistent snapshot and lets editors carry on saving. PostgreSQL has ``pg_dump`` and
``pg_restore`` for this; docs/production.md gives the procedure.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import make_url

from tracker import migrate


class BackupError(click.ClickException):
    """A backup or restore that cannot be done, said so a person knows what to do instead."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    revision: str | None  # the schema revision (Alembic) the backup holds
    size: int


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL.

    :raise BackupError: for other databases, which have their own tools.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"The database is {url.get_backend_name()}, not SQLite: back it up with pg_dump and "
            "restore it with pg_restore (see “Backups” in docs/production.md)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(url.database)


def describe(path: Path) -> BackupFile:
    """Check that ``path`` is an intact tracker database and say which schema it holds.

    :raise BackupError: when it is not a readable, intact SQLite file.
    """
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"{path} is not a SQLite database the tracker can read ({error})."
        ) from None
    if verdict != "ok":
        raise BackupError(f"{path} is damaged: {verdict}")
    if revision is None:
        raise BackupError(f"{path} is a SQLite file but not a tracker database.")
    return BackupFile(path, revision, path.stat().st_size)


def backup_sqlite(database_url: str, target: Path) -> BackupFile:
    """Write a consistent copy of the live database to ``target`` (a new file).

    Editors can keep saving meanwhile; the copy holds every change committed before it began.
    """
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"There is no database at {source} to back up.")
    target = target.resolve()
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
            live.execute("PRAGMA busy_timeout=15000")
            live.backup(copy)
            # One self-contained file, with no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return describe(target)


def restore_sqlite(database_url: str, backup: Path) -> BackupFile:
    """Replace everything in the database with the backup's contents, in one step.

    Runs through the backup API into the live file, so a running app sees either the old data
    or the restored data, never a mixture.
    """
    found = describe(backup)
    target = sqlite_path(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as saved,
        closing(sqlite3.connect(target)) as live,
    ):
        live.execute("PRAGMA busy_timeout=15000")
        saved.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
    return found


def head_revision() -> str | None:
    """The newest schema revision this version of the tracker knows."""
    return ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the live SQLite database to PATH, safely while the app is serving."""
    made = backup_sqlite(current_app.config["DATABASE_URL"], path)
    click.echo(f"Backed up to {made.path} ({made.size:,} bytes, schema {made.revision}).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace every record in the SQLite database with the backup at PATH."""
    url = current_app.config["DATABASE_URL"]
    found = describe(path)
    target = sqlite_path(url)
    if not yes:
        click.confirm(
            f"Replace everything in {target} with the backup {path} (schema {found.revision})? "
            "Changes made since the backup are lost.",
            abort=True,
        )
    restore_sqlite(url, path)
    click.echo(f"Restored {path} into {target}.")
    if found.revision != head_revision():
        click.echo("The backup has an older schema: run `tracker db upgrade` now.")
