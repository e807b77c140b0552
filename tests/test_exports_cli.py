"""``tracker export ...`` and ``tracker import ...``, and the demo CSV opened by LibreOffice."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.cli_data import CSV_KINDS, export_group
from tracker.extensions import db
from tracker.models import Round


def test_export_csv_to_stdout_and_file(runner, demo, tmp_path: Path):
    result = runner.invoke(args=["export", "csv", "rounds"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["number"] for row in rows] == ["1", "2", "3"]
    target = tmp_path / "people.csv"
    result = runner.invoke(args=["export", "csv", "people", "--bom", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfuid,name,")


def test_export_timeline_takes_the_page_filters(runner, demo):
    result = runner.invoke(args=["export", "csv", "timeline", "--filter", "kind=round"])
    assert result.exit_code == 0, result.output
    assert {row["kind"] for row in csv.DictReader(io.StringIO(result.output))} == {"round"}
    refused = runner.invoke(args=["export", "csv", "timeline", "--filter", "kind=rumour"])
    assert refused.exit_code == 2
    assert "kind" in refused.output
    refused = runner.invoke(args=["export", "csv", "people", "--filter", "kind=round"])
    assert refused.exit_code == 2


def test_export_timelinejs_calendar_and_datapackage(runner, demo, tmp_path: Path):
    assert '"events": [' in runner.invoke(args=["export", "timelinejs", "iran-us-2025"]).output
    assert "BEGIN:VCALENDAR" in runner.invoke(args=["export", "calendar", "iran-us-2025"]).output
    missing = runner.invoke(args=["export", "calendar", "no-such-talks"])
    assert missing.exit_code == 1 and "iran-us-2025" in missing.output
    target = tmp_path / "tracker.zip"
    result = runner.invoke(args=["export", "datapackage", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "datapackage.json" in zipfile.ZipFile(target).namelist()


def test_import_dry_run_then_commit(app, runner, demo, tmp_path: Path):
    later = tmp_path / "later.csv"
    later.write_text(
        "negotiation,number,status,date,venue\r\n"
        "Iran–US indirect talks (2025),4,held,2025-05-11,Muscat\r\n",
        encoding="utf-8",
    )
    dry = runner.invoke(args=["import", "rounds", str(later)])
    assert dry.exit_code == 0, dry.output
    assert "Dry run, nothing saved" in dry.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Round)) == 3
    done = runner.invoke(args=["import", "rounds", str(later), "--commit"])
    assert done.exit_code == 0 and "Imported" in done.output
    again = runner.invoke(args=["import", "rounds", str(later), "--commit"])
    assert "1 already recorded" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Round)) == 4


def test_import_reports_row_problems_and_exits_nonzero(runner, demo, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("negotiation,number,date\r\nNo such talks,1,2025-99\r\n", encoding="utf-8")
    result = runner.invoke(args=["import", "rounds", str(bad), "--commit"])
    assert result.exit_code == 1
    assert "row 1, column negotiation" in result.output
    assert "row 1, column date" in result.output
    assert "Nothing imported" in result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes("name\r\nعلي\r\n".encode("cp1256"))
    result = runner.invoke(args=["import", "people", str(wrong)])
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_profile_page_links_to_feed_links(client, auth):
    auth.login("viewer")
    assert "/account/feeds" in client.get("/profile").text


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here"
)
def test_libreoffice_opens_the_demo_csv_with_arabic_intact(client, auth, demo, tmp_path: Path):
    auth.login("viewer")
    source = tmp_path / "people.csv"
    source.write_bytes(client.get("/exports/people.csv?bom=1").data)
    profile = f"-env:UserInstallation=file://{tmp_path}/libreoffice"  # no shared user profile
    subprocess.run(
        [
            "soffice", profile, "--headless", "--convert-to", "ods", "--outdir", str(tmp_path),
            "--infilter=CSV:44,34,76", str(source),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [
            "soffice", profile, "--headless",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir", str(tmp_path / "back"), str(tmp_path / "people.ods"),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    back = (tmp_path / "back" / "people.csv").read_text(encoding="utf-8")
    assert "عباس عراقچی" in back
    assert "محمد الشمري" in back


def test_every_export_and_command_is_documented():
    """The exports page's overview names every export, so it cannot fall behind the code."""
    page = Path(__file__).resolve().parents[1] / "docs" / "exports-and-api.md"
    section = (
        page.read_text(encoding="utf-8").split("## Data in and out", 1)[1].split("\n## ", 1)[0]
    )
    for kind in CSV_KINDS:
        assert kind in section, kind
    for command in export_group.commands:
        assert f"tracker export {command}" in section, command
    assert "tracker import" in section
