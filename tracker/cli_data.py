"""``tracker export ...`` and ``tracker import ...``: the big data jobs, from a terminal or a script.

Both go through the same export modules and import service as the web pages. Exports write to
a file (or standard output) chunk by chunk, with a progress bar on standard error when that is
a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, BinaryIO

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from tracker.cli_transactions import write_transaction
from tracker.csv_contract.kinds import ENTITY_EXPORTS, TabularExport
from tracker.exports import datapackage, ical, timelinejs
from tracker.exports.csv import stream_csv
from tracker.exports.flat_timeline import timeline_export
from tracker.extensions import db
from tracker.models import Negotiation
from tracker.services import accounts, imports
from tracker.services.access import OPERATOR
from tracker.services.timeline import TimelineQuery

CSV_KINDS = [*ENTITY_EXPORTS, "timeline"]


@click.group("export")
def export_group() -> None:
    """Export data: CSV of any kind of record or of the timeline, TimelineJS, calendar, data package."""


def _open_output(output: str) -> AbstractContextManager[BinaryIO]:
    """The file to write, or standard output for ``-`` (left open for whoever owns it)."""
    if output == "-":
        return nullcontext(sys.stdout.buffer)
    return Path(output).open("wb")


def _negotiation(slug: str) -> Negotiation:
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.slug == slug))
    if negotiation is None:
        slugs = ", ".join(db.session.scalars(select(Negotiation.slug).order_by(Negotiation.slug)))
        raise click.ClickException(f"No negotiation “{slug}”. Known: {slugs or 'none yet'}.")
    return negotiation


def _with_progress(
    label: str, total: int | None, write: Callable[[Callable[[int], None]], Iterator[bytes]]
) -> Iterator[bytes]:
    """Chunks from ``write``; a progress bar on standard error when ``total`` is known (a
    terminal is watching)."""
    if total is None:
        yield from write(lambda _rows: None)
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield from write(bar.update)


def _row_count(export: TabularExport) -> int | None:
    """Rows the export will hold, counted only when a progress bar will show them."""
    if not sys.stderr.isatty():
        return None
    query = export.values(db.engine.dialect.name).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


@export_group.command("csv")
@click.argument("kind", type=click.Choice(CSV_KINDS))
@click.option("-o", "--output", default="-", show_default=True, help="File to write, - for stdout.")
@click.option("--bom", is_flag=True, help="Start with a byte order mark, for Excel.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Timeline only: a timeline page parameter, e.g. --filter kind=statement. Repeatable.",
)
@with_appcontext
def export_csv(kind: str, output: str, bom: bool, filters: tuple[str, ...]) -> None:
    """Write KIND as CSV (RFC 4180, UTF-8): any kind of record, or the flat timeline."""
    if kind == "timeline":
        args = dict(_pair(item) for item in filters)
        query, errors = TimelineQuery.from_args(args, reveals_speakers=OPERATOR.reveals_speakers)
        if errors:
            problems = "; ".join(f"{name}: {message}" for name, message in sorted(errors.items()))
            raise click.BadParameter(problems, param_hint="--filter")
        export = timeline_export(db.session, query)
    elif filters:
        raise click.BadParameter("filters apply to the timeline only", param_hint="--filter")
    else:
        export = ENTITY_EXPORTS[kind]
    total = _row_count(export)
    with _open_output(output) as destination:
        for chunk in _with_progress(
            kind,
            total,
            lambda advance: stream_csv(db.engine, export, bom=bom, progress=advance),
        ):
            destination.write(chunk)


def _pair(item: str) -> tuple[str, str]:
    name, separator, value = item.partition("=")
    if not separator:
        raise click.BadParameter(f"“{item}” is not NAME=VALUE", param_hint="--filter")
    return name.strip(), value.strip()


@export_group.command("timelinejs")
@click.argument("negotiation")
@click.option("-o", "--output", default="-", show_default=True)
@with_appcontext
def export_timelinejs(negotiation: str, output: str) -> None:
    """Write NEGOTIATION (its short name) as TimelineJS JSON."""
    found = _negotiation(negotiation)
    with _open_output(output) as destination:
        for part in timelinejs.stream_timeline(db.session, found):
            destination.write(part.encode())


@export_group.command("calendar")
@click.argument("negotiation")
@click.option("-o", "--output", default="-", show_default=True)
@with_appcontext
def export_calendar(negotiation: str, output: str) -> None:
    """Write NEGOTIATION's rounds as an iCalendar file."""
    found = _negotiation(negotiation)
    with _open_output(output) as destination:
        destination.write(ical.calendar_for(db.session, found))


@export_group.command("datapackage")
@click.option("-o", "--output", required=True, help="The zip file to write.")
@with_appcontext
def export_datapackage(output: str) -> None:
    """Write the whole database as a Frictionless data package (zip of CSVs)."""
    tables = datapackage.public_tables()
    with (
        Path(output).open("wb") as destination,
        click.progressbar(length=len(tables), label="tables", file=sys.stderr) as bar,
    ):
        seen: set[str] = set()

        def progress(table: str, _rows: int) -> None:
            if table not in seen:
                seen.add(table)
                bar.update(1)

        for chunk in datapackage.stream_zip(db.engine, progress=progress):
            destination.write(chunk)
    click.echo(f"Wrote {len(tables)} tables to {output}.", err=True)


@click.command("import")
@click.argument(
    "kind", type=click.Choice(["rounds", "outcomes", "statements", "people", "sources"])
)
@click.argument("file", type=click.File("rb"))
@click.option(
    "--commit", is_flag=True, help="Save the rows (default: a dry run that saves nothing)."
)
@click.option("--create-missing", is_flag=True, help="Create related records named but not found.")
@click.option("--as", "email", default=None, help="Import as this account (default: the system).")
@with_appcontext
def import_command(
    kind: str, file: Any, commit: bool, create_missing: bool, email: str | None
) -> None:
    """Import FILE (CSV, UTF-8) as KIND: every row's problems are listed, then all rows or none."""
    actor = None
    if email:
        actor = accounts.find_user_by_email(db.session, email)
        if actor is None:
            raise click.ClickException(f"No account {email}.")
    data = file.read()

    def run_import() -> imports.ImportReport:
        report = imports.import_csv(
            db.session, actor, kind, data, create_missing=create_missing, commit=commit
        )
        if report.committed:
            db.session.commit()
        else:
            db.session.rollback()
        return report

    try:
        report = write_transaction(run_import)
    except (imports.ImportRejected, imports.PermissionDenied) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    for problem in report.problems:
        column = f", column {problem.column}" if problem.column else ""
        click.echo(f"row {problem.row}{column}: {problem.message}", err=True)
    for duplicate in report.duplicates:
        click.echo(f"row {duplicate.row}: skipped, {duplicate.message}", err=True)
    if report.related_created:
        click.echo("Also created: " + ", ".join(map(str, report.related_created)), err=True)
    summary = f"{report.rows} rows: {report.created} new, {len(report.duplicates)} already recorded"
    if report.problems:
        raise click.ClickException(f"{summary}, {len(report.problems)} problems. Nothing imported.")
    if report.committed:
        click.echo(f"Imported. {summary}.")
    else:
        click.echo(f"Dry run, nothing saved. {summary}. Add --commit to import.")


COMMANDS = (export_group, import_command)
