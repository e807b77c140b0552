"""The data package: every public table as CSV, described by a datapackage.json that validates."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from frictionless import Package, validate
from sqlalchemy import func, select

from tracker.db import Base
from tracker.exports.datapackage import public_tables
from tracker.services.access import VIEWER


def download(client) -> zipfile.ZipFile:
    response = client.get("/exports/datapackage.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_package_validates_with_frictionless(client, auth, demo, tmp_path: Path):
    auth.login("viewer")
    archive = download(client)
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(str(tmp_path / "datapackage.json"))
    viewer_tables = {t.name for t in public_tables(VIEWER)}
    assert {resource.name for resource in package.resources} == viewer_tables


def test_descriptor_names_types_and_keys(client, auth, demo):
    auth.login("viewer")
    descriptor = json.loads(download(client).read("datapackage.json"))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    rounds = resources["round"]["schema"]
    assert rounds["primaryKey"] == ["id"]
    fields = {field["name"]: field for field in rounds["fields"]}
    assert fields["number"]["type"] == "integer"
    assert fields["when_earliest"]["type"] == "date"
    assert fields["created_at"]["type"] == "datetime"
    assert fields["uid"] == {
        "name": "uid",
        "type": "string",
        "format": "uuid",
        "constraints": {"required": True},
    }
    assert "held" in fields["status"]["constraints"]["enum"]
    assert {
        "fields": ["venue_id"],
        "reference": {"resource": "venue", "fields": ["id"]},
    } in rounds["foreignKeys"]
    links = resources["round_source"]["schema"]
    assert links["primaryKey"] == ["round_id", "source_id"]


def test_accounts_and_secrets_never_leave(client, auth, demo):
    auth.login("viewer")
    archive = download(client)
    names = set(archive.namelist())
    assert "data/user_account.csv" not in names
    assert not any("token" in name for name in names)
    everything = b"".join(archive.read(name) for name in names)
    assert b"viewer@newsroom.example.org" not in everything
    assert b"pbkdf2" not in everything and b"scrypt" not in everything
    schedule = json.loads(archive.read("datapackage.json"))
    fields = [
        field["name"]
        for resource in schedule["resources"]
        for field in resource["schema"]["fields"]
    ]
    assert "recorded_by_id" not in fields


@pytest.mark.parametrize("table", ["person", "statement", "organisation"])
def test_csv_rows_match_the_database(client, auth, demo, session, table):
    auth.login("viewer")
    rows = list(csv.DictReader(io.StringIO(download(client).read(f"data/{table}.csv").decode())))
    counted = session.scalar(select(func.count()).select_from(Base.metadata.tables[table]))
    assert len(rows) == counted
    assert [int(row["id"]) for row in rows] == sorted(int(row["id"]) for row in rows)
