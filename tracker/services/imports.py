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

The columns are those of the matching CSV export (:mod:`tracker.exports.entities`), so an
export re-imported into an empty tracker gives the same records back.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tracker.exports.entities import ENTITY_EXPORTS
from tracker.exports.sql import LIST_SEPARATOR, restore_cell

from tracker.dates import InvalidDate, parse_vague_date
from tracker.models import (
    Negotiation,
    Organisation,
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Topic,
    User,
    Venue,
)
from tracker.services import catalogue, facts, field_rules, negotiations
from tracker.services.errors import PermissionDenied, RuleViolation
from tracker.services.wording import N_, Term

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
IMPORTABLE = ("rounds", "outcomes", "statements", "people", "sources")
CONTROL_CHARACTERS = "Remove the invisible control characters from this cell."


class ImportRejected(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do. Like a
    :class:`~tracker.services.errors.RuleViolation` it keeps its English wording (marked with
    ``N_``) apart from the values, so a page can show it in the reader's language."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class RowProblem:
    row: int  # the data row, 1 being the first row under the header
    column: str | None
    message: str
    #: the English wording alone (marked with ``N_``) and its values, so a page can show the
    #: problem in the reader's language (``tracker.i18n.translated``)
    template: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RelatedRecord:
    """A record an import creates because a row names it (``create_missing``): its kind, a
    word of the catalogue a page translates, and the name the file gave it."""

    kind: Term
    name: str

    def __str__(self) -> str:
        return f"{self.kind} “{self.name}”"


@dataclass
class ImportReport:
    """What an import did, or would do: rows created, duplicates skipped, problems found."""

    kind: str
    rows: int = 0
    created: int = 0
    duplicates: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    related_created: list[RelatedRecord] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _RowError(Exception):
    def __init__(self, column: str | None, template: str, **params: Any) -> None:
        message = template % params if params else template
        super().__init__(message)
        self.column = column
        self.message = message
        self.template = template
        self.params = params

    def problem(self, row: int) -> RowProblem:
        return RowProblem(row, self.column, self.message, self.template, self.params)


class _RowErrors(Exception):
    def __init__(self, problems: list[_RowError]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


# -- reading the file ---------------------------------------------------------------------------


def read_table(data: bytes, allowed: list[str], required: tuple[str, ...]) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by header, each cell with its export guard removed.

    :raise ImportRejected: for a file too big, not UTF-8, not CSV, or with a header that names
        unknown or duplicate columns or misses a required one. Ragged rows are kept, marked
        with the key ``None``, and reported per row.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected(
            N_(
                "The file is %(size)s MB; imports take up to %(limit)d MB. "
                "Split it into smaller files."
            ),
            size=f"{len(data) / 1_048_576:.1f}",
            limit=MAX_IMPORT_BYTES // 1_048_576,
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ImportRejected(N_("The file is empty: the first line must name the columns."))
        if any("\x00" in cell for cell in header):
            raise ImportRejected(
                N_("The header contains NUL bytes: the file is not a CSV text file.")
            )
        header = [cell.strip() for cell in header]
        _check_header(header, allowed, required)
        rows: list[dict[str, str]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                rows.append({})
                continue
            row: dict[Any, Any] = {
                name: restore_cell(cell) for name, cell in zip(header, cells, strict=False)
            }
            if len(cells) != len(header):
                row[None] = _RowError(
                    None,
                    N_("This row has %(cells)d cells; the header has %(columns)d."),
                    cells=len(cells),
                    columns=len(header),
                )
            rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS:
                raise ImportRejected(
                    N_("The file has more than %(limit)d rows. Split it into smaller files."),
                    limit=MAX_IMPORT_ROWS,
                )
    except csv.Error as error:
        raise ImportRejected(
            N_("Line %(line)d is not valid CSV: %(reason)s."), line=reader.line_num, reason=error
        ) from None
    return rows


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            N_(
                "The file is not UTF-8 text (byte %(byte)d cannot be read). In Excel or "
                "LibreOffice choose “CSV UTF-8” when saving, then upload it again."
            ),
            byte=error.start + 1,
        ) from None


def _check_header(header: list[str], allowed: list[str], required: tuple[str, ...]) -> None:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ImportRejected(
            N_("These columns appear twice: %(columns)s."), columns=", ".join(repeated)
        )
    unknown = [name for name in header if name not in allowed]
    if unknown:
        raise ImportRejected(
            N_("Unknown columns: %(unknown)s. The columns this import reads are: %(allowed)s."),
            unknown=", ".join(unknown),
            allowed=", ".join(allowed),
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRejected(
            N_("Required columns are missing: %(columns)s."), columns=", ".join(missing)
        )


# -- finding and creating related records ----------------------------------------------------


class Related:
    """Finds related records by name, creating them through their services when asked."""

    def __init__(self, session: Session, actor: User | None, create_missing: bool) -> None:
        self.session = session
        self.actor = actor
        self.create_missing = create_missing
        self.created: list[RelatedRecord] = []

    def _find_or_create(
        self,
        column: str,
        kind: str,
        model: Any,
        name_column: Any,
        name: str,
        create: Callable[[], Any],
    ) -> Any:
        found = self.session.scalars(
            select(model).where(func.lower(name_column) == name.lower()).order_by(model.id)
        ).first()
        if found is not None:
            return found
        if not self.create_missing:
            raise _RowError(
                column,
                N_("No %(kind)s named “%(name)s”. Add it first, or tick “create missing”."),
                kind=Term(kind),
                name=name,
            )
        try:
            record = create()
        except RuleViolation as error:
            raise _RowError(
                column,
                N_("Could not create %(kind)s “%(name)s”: %(reason)s"),
                kind=Term(kind),
                name=name,
                reason=error,
            ) from None
        self.created.append(RelatedRecord(Term(kind), name))
        return record

    def organisation(self, column: str, name: str) -> Organisation:
        return self._find_or_create(
            column,
            "organisation",
            Organisation,
            Organisation.name,
            name,
            lambda: catalogue.organisations.create(self.session, self.actor, {"name": name}),
        )

    def person(self, column: str, name: str) -> Person:
        return self._find_or_create(
            column,
            "person",
            Person,
            Person.name,
            name,
            lambda: catalogue.people.create(self.session, self.actor, {"name": name}),
        )

    def venue(self, column: str, name: str) -> Venue:
        return self._find_or_create(
            column,
            "venue",
            Venue,
            Venue.name,
            name,
            lambda: catalogue.venues.create(self.session, self.actor, {"name": name}),
        )

    def topic(self, column: str, name: str) -> Topic:
        return self._find_or_create(
            column,
            "topic",
            Topic,
            Topic.name,
            name,
            lambda: catalogue.topics.create(self.session, self.actor, {"name": name}),
        )

    def negotiation(self, column: str, title: str) -> Negotiation:
        return self._find_or_create(
            column,
            "negotiation",
            Negotiation,
            Negotiation.title,
            title,
            lambda: negotiations.negotiations.create(self.session, self.actor, {"title": title}),
        )

    def source(self, column: str, reference: str) -> Source:
        """A source by URL, or by headline when the reference is not a web address."""
        is_url = reference.lower().startswith(("http://", "https://"))
        found = self.session.scalars(
            select(Source)
            .where(Source.url == reference if is_url else Source.headline == reference)
            .order_by(Source.id)
        ).first()
        if found is not None:
            return found
        if not self.create_missing:
            raise _RowError(
                column,
                N_("No source “%(source)s”. Import the sources first, or tick “create missing”."),
                source=reference,
            )
        values = {"url": reference, "headline": reference} if is_url else {"headline": reference}
        try:
            source = catalogue.sources.create(self.session, self.actor, values)
        except RuleViolation as error:
            raise _RowError(
                column,
                N_("Could not create source “%(source)s”: %(reason)s"),
                source=reference,
                reason=error,
            ) from None
        self.created.append(RelatedRecord(Term("source"), reference))
        return source

    def round(self, row: Mapping[str, str]) -> Round | None:
        """The round named by ``negotiation`` and ``round_number`` (or ``round_title``)."""
        number, title = row.get("round_number", ""), row.get("round_title", "")
        if not number and not title:
            return None
        negotiation = self.negotiation("negotiation", _required(row, "negotiation"))
        statement = select(Round).where(Round.negotiation_id == negotiation.id)
        if number:
            statement = statement.where(Round.number == _integer(row, "round_number"))
        else:
            statement = statement.where(Round.title == title)
        found = self.session.scalars(statement.order_by(Round.id)).first()
        if found is None and number:
            raise _RowError(
                "round_number",
                N_("%(negotiation)s has no round %(number)s. Import the rounds first."),
                negotiation=negotiation.title,
                number=number,
            )
        if found is None:
            raise _RowError(
                "round_title",
                N_("%(negotiation)s has no round “%(title)s”. Import the rounds first."),
                negotiation=negotiation.title,
                title=title,
            )
        return found


# -- reading cells ------------------------------------------------------------------------------


def _required(row: Mapping[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise _RowError(column, N_("This column must not be empty."))
    return value


def _integer(row: Mapping[str, str], column: str) -> int | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise _RowError(column, N_("“%(value)s” is not a whole number."), value=value) from None


def _day(row: Mapping[str, str], column: str) -> dt.date | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _RowError(
            column, N_("“%(value)s” is not a date like 2025-04-12."), value=value
        ) from None


def _time(row: Mapping[str, str], column: str) -> dt.time | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise _RowError(column, N_("“%(value)s” is not a time like 14:30."), value=value) from None


def _uid(row: Mapping[str, str]) -> uuid.UUID | None:
    value = (row.get("uid") or "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _RowError(
            "uid", N_("“%(value)s” is not a uid (leave it empty for new records)."), value=value
        ) from None


def _names(row: Mapping[str, str], column: str) -> list[str]:
    value = row.get(column) or ""
    return [name.strip() for name in value.split(LIST_SEPARATOR.strip()) if name.strip()]


def _edtf(row: Mapping[str, str]) -> str | None:
    value = (row.get("date") or "").strip()
    if not value:
        return None
    try:
        return parse_vague_date(value).edtf
    except InvalidDate as error:
        raise _RowError("date", error.template, **error.params) from None


def _when(row: Mapping[str, str], check: _Checks) -> dict[str, Any]:
    return {
        "when_edtf": check(lambda: _edtf(row)),
        "when_text": row.get("date_text"),
        "when_time": check(lambda: _time(row, "time")),
        "when_timezone": row.get("timezone"),
    }


class _Checks:
    """Reads a row's cells one by one, keeping every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[_RowError] = []

    def __call__(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except _RowError as error:
            self.problems.append(error)
            return None

    def done(self) -> None:
        """:raise _RowErrors: when any cell could not be read."""
        if self.problems:
            raise _RowErrors(self.problems)


def _id(record: Any) -> int | None:
    return record.id if record is not None else None


def _text(row: Mapping[str, str], *columns: str) -> dict[str, Any]:
    return {column: row.get(column) for column in columns if column in row}


# -- one importer per kind ----------------------------------------------------------------------

WHEN_FIELDS = {
    "when_edtf": "date",
    "when_text": "date_text",
    "when_time": "time",
    "when_timezone": "timezone",
}


@dataclass(frozen=True)
class Importer:
    """How rows of one kind become records: their service, values and duplicate test."""

    kind: str
    service: Any
    model: Any
    required: tuple[str, ...]
    values: Callable[[Related, Mapping[str, str]], dict[str, Any]]
    duplicate: Callable[[Session, dict[str, Any]], Any]
    #: service field -> the CSV column to blame
    columns: Mapping[str, str]

    def column_for(self, service_field: str | None) -> str | None:
        if service_field is None:
            return None
        return self.columns.get(service_field, service_field)


def _person_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = _Checks()
    values = {
        "name": check(lambda: _required(row, "name")),
        **_text(row, "name_original", "name_original_language", "description"),
    }
    if row.get("organisation"):
        values["organisation_id"] = _id(
            check(lambda: related.organisation("organisation", row["organisation"]))
        )
    check.done()
    return values


def _source_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = _Checks()
    values = {
        "headline": check(lambda: _required(row, "headline")),
        **_text(row, "url", "author", "language", "archive_url", "notes"),
        "published_on": check(lambda: _day(row, "published_on")),
        "accessed_on": check(lambda: _day(row, "accessed_on")),
    }
    if row.get("outlet"):
        values["outlet_id"] = _id(check(lambda: related.organisation("outlet", row["outlet"])))
    check.done()
    return values


def _linked(related: Related, row: Mapping[str, str], check: _Checks) -> dict[str, Any]:
    topics = [
        check(lambda name=name: related.topic("topics", name)) for name in _names(row, "topics")
    ]
    sources = [
        check(lambda name=name: related.source("sources", name)) for name in _names(row, "sources")
    ]
    return {
        "topic_ids": [topic.id for topic in topics if topic is not None],
        "source_ids": [source.id for source in sources if source is not None],
    }


def _round_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = _Checks()
    negotiation = check(lambda: related.negotiation("negotiation", _required(row, "negotiation")))
    values = {
        "negotiation_id": _id(negotiation),
        "number": check(lambda: _integer(row, "number")),
        **_text(row, "title", "summary"),
        "status": row.get("status") or "announced",
        "format": row.get("format") or "unknown",
        **_when(row, check),
        **_linked(related, row, check),
    }
    if row.get("venue"):
        values["venue_id"] = _id(check(lambda: related.venue("venue", row["venue"])))
    if row.get("mediator"):
        values["mediator_id"] = _id(
            check(lambda: related.organisation("mediator", row["mediator"]))
        )
    check.done()
    return values


def _outcome_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = _Checks()
    round_ = check(lambda: related.round(row))
    if round_ is None and not check.problems:
        check.problems.append(
            _RowError("round_number", N_("Say which round: give round_number or round_title."))
        )
    values = {
        "round_id": _id(round_),
        "summary": check(lambda: _required(row, "summary")),
        **_when(row, check),
        **_text(row, "correction_note"),
        "verification": row.get("verification") or "reported",
        **_linked(related, row, check),
    }
    if row.get("reported_by"):
        values["reported_by_id"] = _id(
            check(lambda: related.organisation("reported_by", row["reported_by"]))
        )
    if row.get("reported_by_person"):
        values["reported_by_person_id"] = _id(
            check(lambda: related.person("reported_by_person", row["reported_by_person"]))
        )
    check.done()
    return values


def _statement_values(related: Related, row: Mapping[str, str]) -> dict[str, Any]:
    check = _Checks()
    round_ = check(lambda: related.round(row))
    values = {
        "text_original": check(lambda: _required(row, "text_original")),
        **_text(
            row, "speaker_description", "speaker_role", "language", "text_translation",
            "correction_note",
        ),
        "speech": row.get("speech") or "direct",
        "attribution": row.get("attribution") or "on_record",
        "stance": row.get("stance") or None,
        "verification": row.get("verification") or "reported",
        **_when(row, check),
        **_linked(related, row, check),
    }  # fmt: skip
    if round_ is not None:
        values["round_id"] = round_.id
        values["negotiation_id"] = round_.negotiation_id
    elif row.get("negotiation"):
        values["negotiation_id"] = _id(
            check(lambda: related.negotiation("negotiation", row["negotiation"]))
        )
    if row.get("speaker"):
        values["speaker_id"] = _id(check(lambda: related.person("speaker", row["speaker"])))
    if row.get("speaker_organisation"):
        values["speaker_organisation_id"] = _id(
            check(lambda: related.organisation("speaker_organisation", row["speaker_organisation"]))
        )
    check.done()
    return values


def _same_person(session: Session, values: dict[str, Any]) -> Any:
    return session.scalar(
        select(Person.id).where(func.lower(Person.name) == values["name"].lower()).limit(1)
    )


def _same_source(session: Session, values: dict[str, Any]) -> Any:
    if values.get("url"):
        return session.scalar(select(Source.id).where(Source.url == values["url"]))
    return session.scalar(
        select(Source.id)
        .where(Source.headline == values["headline"], Source.url.is_(None))
        .limit(1)
    )


def _same_round(session: Session, values: dict[str, Any]) -> Any:
    if values.get("number") is None:
        return None
    return session.scalar(
        select(Round.id).where(
            Round.negotiation_id == values["negotiation_id"], Round.number == values["number"]
        )
    )


def _same_outcome(session: Session, values: dict[str, Any]) -> Any:
    return session.scalar(
        select(ReportedOutcome.id)
        .where(
            ReportedOutcome.round_id == values["round_id"],
            ReportedOutcome.summary == values["summary"].strip(),
        )
        .limit(1)
    )


def _same_statement(session: Session, values: dict[str, Any]) -> Any:
    speaker = values.get("speaker_id")
    return session.scalar(
        select(Statement.id)
        .where(
            Statement.text_original == values["text_original"].strip(),
            Statement.speaker_id == speaker
            if speaker is not None
            else Statement.speaker_description == (values.get("speaker_description") or ""),
        )
        .limit(1)
    )


LINKED_FIELDS = {"topic_ids": "topics", "source_ids": "sources", **WHEN_FIELDS}

IMPORTERS: dict[str, Importer] = {
    "people": Importer(
        "people",
        catalogue.people,
        Person,
        ("name",),
        _person_values,
        _same_person,
        {"organisation_id": "organisation"},
    ),
    "sources": Importer(
        "sources",
        catalogue.sources,
        Source,
        ("headline",),
        _source_values,
        _same_source,
        {"outlet_id": "outlet"},
    ),
    "rounds": Importer(
        "rounds",
        negotiations.rounds,
        Round,
        ("negotiation",),
        _round_values,
        _same_round,
        {
            **LINKED_FIELDS,
            "negotiation_id": "negotiation",
            "venue_id": "venue",
            "mediator_id": "mediator",
        },
    ),
    "outcomes": Importer(
        "outcomes",
        facts.outcomes,
        ReportedOutcome,
        ("negotiation", "summary", "sources"),
        _outcome_values,
        _same_outcome,
        {
            **LINKED_FIELDS,
            "round_id": "round_number",
            "reported_by_id": "reported_by",
            "reported_by_person_id": "reported_by_person",
        },
    ),
    "statements": Importer(
        "statements",
        facts.statements,
        Statement,
        ("text_original", "sources"),
        _statement_values,
        _same_statement,
        {
            **LINKED_FIELDS,
            "negotiation_id": "negotiation",
            "round_id": "round_number",
            "speaker_id": "speaker",
            "speaker_organisation_id": "speaker_organisation",
        },
    ),
}


def columns_of(kind: str) -> list[str]:
    """The columns an import of ``kind`` reads: those of its CSV export."""
    return ENTITY_EXPORTS[kind].headers()


# -- running an import --------------------------------------------------------------------------


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
        ragged = cast(_RowError, row[None])  # read_table's mark on a row of the wrong length
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
        uid = _uid(row)
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
    except _RowError as error:
        savepoint.rollback()
        del related.created[created_before:]
        report.problems.append(error.problem(number))
    except _RowErrors as errors:
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
