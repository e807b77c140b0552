"""CSV import of rounds, outcomes, statements, people and sources: all rows or none.

A file is read whole first (size, encoding, header, ragged rows), then every row goes through
the same :class:`~tracker.services.records.RecordService` as the web forms, each inside its
own savepoint, so the newsroom's rules and the field rules of every door
(:mod:`~tracker.services.field_rules`) hold, and every row's problems are named (row, column,
why); a cell holding NUL or another control character is named before any look-up. A dry run
and a real import do exactly the same work; the dry run, or any import with a problem, is
rolled back at the end. Related records are found by name (a negotiation's title, a venue's
name, a source's URL) or created when asked; a row that is already recorded (same uid or the
same natural key) is reported as a duplicate and skipped, never doubled.

The columns are those of the matching CSV export (:mod:`tracker.csv_contract.kinds`), so an
export re-imported into an empty tracker gives the same records back.

The package follows that path: :mod:`.reading` (the file), :mod:`.cells` (one row's cells),
:mod:`.related` (records named by a row), :mod:`.kinds` (one importer per kind) and
:mod:`.report`; this module runs the import, one savepoint per row.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tracker.models import User
from tracker.services import field_rules
from tracker.services.errors import PermissionDenied, RuleViolation
from tracker.services.imports.cells import uid_cell
from tracker.services.imports.kinds import IMPORTERS, Importer, columns_of
from tracker.services.imports.reading import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, read_table
from tracker.services.imports.related import Related
from tracker.services.imports.report import (
    CONTROL_CHARACTERS,
    IMPORTABLE,
    ImportRejected,
    ImportReport,
    RowError,
    RowErrors,
    RowProblem,
)
from tracker.services.wording import N_

__all__ = [
    "IMPORTABLE",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "ImportRejected",
    "ImportReport",
    "RowProblem",
    "columns_of",
    "import_csv",
    "read_table",
]


def import_csv(
    session: Session,
    actor: User | None,
    kind: str,
    data: bytes,
    *,
    create_missing: bool = False,
    commit: bool = False,
) -> ImportReport:
    """Import ``data`` as records of ``kind``; keep them only when ``commit`` and no row failed.

    Changes and flushes only; when the report says ``committed`` the caller commits, otherwise
    everything this call did has already been rolled back.

    :raise ImportRejected: when the file as a whole cannot be read (see :func:`read_table`).
    :raise PermissionDenied: when ``actor`` may not create records.
    """
    if kind not in IMPORTERS:
        raise ImportRejected(
            N_("Imports take %(kinds)s, not “%(kind)s”."), kinds=", ".join(IMPORTABLE), kind=kind
        )
    importer = IMPORTERS[kind]
    rows = read_table(data, columns_of(kind), importer.required)
    importer.service.authorise(actor, importer.service.edit_role)
    report = ImportReport(kind=kind, rows=len(rows))
    related = Related(session, actor, create_missing)
    whole = session.begin_nested()
    try:
        for number, row in enumerate(rows, start=1):
            _import_row(session, actor, importer, related, number, row, report)
    except BaseException:
        whole.rollback()
        raise
    report.related_created = related.created
    if commit and report.ok:
        whole.commit()
        report.committed = True
    else:
        whole.rollback()
    return report


def _import_row(
    session: Session,
    actor: User | None,
    importer: Importer,
    related: Related,
    number: int,
    row: dict[Any, str],
    report: ImportReport,
) -> None:
    if not row:
        return
    if None in row:
        ragged = cast(RowError, row[None])  # read_table's mark on a row of the wrong length
        report.problems.append(ragged.problem(number))
        return
    unstorable = [
        RowProblem(number, column, CONTROL_CHARACTERS)
        for column, cell in row.items()
        if field_rules.has_control_characters(cell, allow_line_breaks=True)
    ]
    if unstorable:
        # Reported before any look-up by name: PostgreSQL fails a query holding a NUL byte.
        report.problems += unstorable
        return
    savepoint = session.begin_nested()
    created_before = len(related.created)
    try:
        uid = uid_cell(row)
        if uid is not None and session.scalar(
            select(importer.model.id).where(importer.model.uid == uid)
        ):
            savepoint.rollback()
            report.duplicates.append(RowProblem(number, "uid", N_("Already recorded (same uid).")))
            return
        values = importer.values(related, row)
        if importer.duplicate(session, values) is not None:
            savepoint.rollback()
            del related.created[created_before:]
            report.duplicates.append(
                RowProblem(number, None, N_("Already recorded: the same record exists."))
            )
            return
        if uid is not None:
            values["uid"] = uid
        importer.service.create(session, actor, values)
        savepoint.commit()
        report.created += 1
    except RowError as error:
        savepoint.rollback()
        del related.created[created_before:]
        report.problems.append(error.problem(number))
    except RowErrors as errors:
        savepoint.rollback()
        del related.created[created_before:]
        report.problems += [error.problem(number) for error in errors.problems]
    except RuleViolation as error:
        savepoint.rollback()
        del related.created[created_before:]
        report.problems.append(
            RowProblem(
                number,
                importer.column_for(error.field),
                error.message,
                getattr(error, "template", None),
                getattr(error, "params", {}),
            )
        )
    except DBAPIError as error:
        # What the rules did not foresee and the database refused: this row's problem, the
        # other rows still checked, never a failed import page.
        savepoint.rollback()
        del related.created[created_before:]
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        report.problems.append(RowProblem(number, None, f"The database refused this row: {reason}"))
    except PermissionDenied:
        savepoint.rollback()
        raise
