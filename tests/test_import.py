"""CSV import: whole-file errors, per-row problems, all-or-nothing commits, duplicates, round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.db import Base
from tracker.exports.csv import stream_csv
from tracker.extensions import db
from tracker.models import Organisation, Person, Round, Source, Statement, Topic, Venue
from tracker.services import imports
from tracker.services.imports import ImportRejected, import_csv

ROUND_HEADER = "negotiation,number,title,status,date,venue,mediator,topics,sources\r\n"


def export(kind: str) -> bytes:
    return b"".join(stream_csv(db.engine, ENTITY_EXPORTS[kind]))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def empty_the_database() -> None:
    db.session.rollback()
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))


ROUND_TRIP = ("people", "sources", "rounds", "outcomes", "statements")


def test_an_export_reimported_into_an_empty_database_gives_the_same_data(session, demo):
    exported = {kind: export(kind) for kind in ROUND_TRIP}
    empty_the_database()
    assert count(Statement) == 0
    for kind in ROUND_TRIP:
        report = import_csv(
            db.session, None, kind, exported[kind], create_missing=True, commit=True
        )
        assert report.ok, report.problems
        assert report.committed
        db.session.commit()
    for kind in ROUND_TRIP:
        assert export(kind).decode() == exported[kind].decode(), kind


def test_importing_the_same_file_twice_reports_duplicates_and_adds_nothing(session, demo):
    people = export("people")
    before = count(Person)
    report = import_csv(db.session, None, "people", people, commit=True)
    assert report.ok
    assert report.created == 0
    assert len(report.duplicates) == before
    rounds = export("rounds").decode()
    without_uids = "\r\n".join(line.split(",", 1)[1] for line in rounds.splitlines()) + "\r\n"
    report = import_csv(db.session, None, "rounds", without_uids.encode(), commit=True)
    assert report.ok
    assert [problem.row for problem in report.duplicates] == [1, 2, 3]
    assert count(Round) == 3


def test_a_dry_run_previews_and_changes_nothing(session, demo):
    body = (
        ROUND_HEADER
        + "Iran–US indirect talks (2025),4,Muscat again,scheduled,2025-05-11,Muscat,Oman,"
        "Sanctions relief,\r\n"
    ).encode()
    report = import_csv(db.session, None, "rounds", body, create_missing=True)
    assert report.ok and report.created == 1 and not report.committed
    assert [str(related) for related in report.related_created] == ["topic “Sanctions relief”"]
    db.session.commit()
    assert count(Round) == 3
    assert db.session.scalar(select(Topic).where(Topic.name == "Sanctions relief")) is None


def test_later_rounds_preview_their_errors_then_land(session, demo):
    """The data desk's spreadsheet of later rounds: fix what the preview names, then commit."""
    rows = [
        "Iran–US indirect talks (2025),4,Rome,held,2025-05-23,Rome,Oman,,",
        "Iran–US indirect talks (2025),5,,scheduled,2025-02-30,Geneva,Oman,,",
        "Iran–US indirect talks (2025),six,,scheduled,2025-06,,,,",
        "Iran–US indirect talks (2025),7,,someday,2025-07,,,,",
        "Iran–US indirect talks (2025),8,,announced,2025-08,,Norway,,",
    ]
    body = (ROUND_HEADER + "\r\n".join(rows) + "\r\n").encode()
    report = import_csv(db.session, None, "rounds", body, commit=True)
    assert not report.committed
    named = {(problem.row, problem.column) for problem in report.problems}
    assert named == {(2, "date"), (2, "venue"), (3, "number"), (4, "status"), (5, "mediator")}
    messages = {
        problem.row: problem.message for problem in report.problems if problem.column != "venue"
    }
    assert "2025-02-30" in messages[2]
    assert "six" in messages[3]
    assert "someday" in messages[4]
    assert "Norway" in messages[5]
    db.session.commit()
    assert count(Round) == 3

    fixed = [
        rows[0],
        rows[1].replace("2025-02-30", "2025-05-30"),
        rows[2].replace("six", "6"),
        rows[3].replace("someday", "announced"),
        rows[4],
    ]
    body = (ROUND_HEADER + "\r\n".join(fixed) + "\r\n").encode()
    report = import_csv(db.session, None, "rounds", body, create_missing=True, commit=True)
    assert report.ok and report.committed, report.problems
    db.session.commit()
    assert count(Round) == 8
    assert db.session.scalar(select(Venue).where(Venue.name == "Geneva")) is not None
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Norway"))


def test_newsroom_rules_hold_for_imported_statements(session, demo):
    header = "negotiation,speaker,attribution,text_original,date,sources\r\n"
    body = (
        header + "Iran–US indirect talks (2025),Abbas Araghchi,on_record,We are ready.,2025-05,\r\n"
        "Iran–US indirect talks (2025),,anonymous,Talks will resume.,2025-05,"
        "Iran–US talks and future of Iraqi armed factions: Sovereignty vs. Resistance\r\n"
    ).encode()
    report = import_csv(db.session, None, "statements", body, commit=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (1, "sources"),
        (2, "speaker_description"),
    ]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"name,nickname\r\nAli,Al\r\n", "Unknown columns: nickname"),
        (b"Ali,Hassan\r\n", "Unknown columns"),
        (b"description\r\nx\r\n", "Required columns are missing: name"),
        (b"", "empty"),
        ("name\r\nعلي\r\n".encode("cp1256"), "not UTF-8"),
        (b"name,name\r\nA,B\r\n", "appear twice"),
        (b'name\r\n"unterminated\r\n', "not valid CSV"),
        (b"na\x00me\r\nAB\r\n", "NUL"),
        (b"name\r\n" + b"x" * (11 * 1024 * 1024), "MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(session, body, needle):
    with pytest.raises(ImportRejected) as refused:
        import_csv(db.session, None, "people", body, commit=True)
    assert needle in str(refused.value)
    assert count(Person) == 0


def test_ragged_rows_and_bad_values_are_named_and_nothing_lands(session, demo):
    body = (
        b"url,headline,published_on,accessed_on\r\n"
        b"https://example.org/a,Fine,2025-04-01,2025-04-02\r\n"
        b"https://example.org/b,Too,many,cells,here\r\n"
        b"https://example.org/c,Read before published,2025-04-02,2025-04-01\r\n"
        b"javascript:alert(1),Bad link,,\r\n"
        b"https://example.org/d,Bad day,April 1,\r\n"
    )
    report = import_csv(db.session, None, "sources", body, commit=True)
    assert not report.committed
    assert {(p.row, p.column) for p in report.problems} == {
        (2, None),
        (3, "accessed_on"),
        (4, "url"),
        (5, "published_on"),
    }
    db.session.commit()
    assert count(Source) == 1


def test_utf16_and_bom_files_from_excel_are_read(session):
    body = "name,name_original\r\nAbbas Araghchi,عباس عراقچی\r\n"
    for encoded in (body.encode("utf-16"), b"\xef\xbb\xbf" + body.encode()):
        report = import_csv(db.session, None, "people", encoded)
        assert report.ok and report.created == 1


def test_guarded_cells_come_back_as_typed(session):
    body = b"name,description\r\nAli,'=1+1\r\n"
    import_csv(db.session, None, "people", body, commit=True)
    db.session.commit()
    assert db.session.scalar(select(Person.description)) == "=1+1"
    assert "'=1+1" in export("people").decode()


def test_viewers_may_not_import(app, session):
    from tracker.models import User, UserRole

    viewer = User(email="v@example.org", name="V", role=UserRole.VIEWER, password_hash="x")
    db.session.add(viewer)
    db.session.flush()
    with pytest.raises(imports.PermissionDenied):
        import_csv(db.session, viewer, "people", b"name\r\nAli\r\n", commit=True)
