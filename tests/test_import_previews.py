"""Import previews wait in the database: any host can take the confirmation, only the uploader
can give it, and only for two hours."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from conftest import PASSWORD, create_account, make_app
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tracker.db import utcnow
from tracker.extensions import db
from tracker.models import ImportPreview, Person, UserRole

PEOPLE = b"name\r\nNew Envoy\r\n"


def upload(client, body: bytes = PEOPLE, kind: str = "people"):
    boundary, payload = encode_multipart(
        {"kind": kind, "file": FileStorage(io.BytesIO(body), filename="people.csv")}
    )
    return client.post(
        "/imports/", data=payload, content_type=f"multipart/form-data; boundary={boundary}"
    )


def ticket_of(preview) -> str:
    assert preview.status_code == 200, preview.text
    return re.search(r'name="ticket" value="([^"]+)"', preview.text).group(1)


def sign_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def people(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Person))


@pytest.fixture
def second_host(database_url, tmp_path):
    """Another app on the same database, with its own instance folder: another host."""
    other = make_app(database_url, tmp_path / "other-host")
    yield other
    with other.app_context():
        db.session.close()
        db.engine.dispose()


def test_a_preview_made_on_one_host_is_confirmed_on_another(app, client, auth, second_host):
    editor = auth.login("editor")
    ticket = ticket_of(upload(client))
    assert people(app) == 0
    with app.app_context():
        stored = db.session.scalar(select(ImportPreview).where(ImportPreview.token == ticket))
        assert stored.owner_id == editor.id and stored.payload == PEOPLE
        lifetime = stored.expires_at - stored.created_at
        assert lifetime == dt.timedelta(hours=2)

    other_client = second_host.test_client()
    sign_in(other_client, editor.email)
    done = other_client.post("/imports/commit", data={"ticket": ticket})
    assert done.status_code == 302
    assert people(app) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ImportPreview)) == 0
    assert other_client.post("/imports/commit", data={"ticket": ticket}).status_code == 404


def test_another_users_preview_is_not_found(app, client, auth):
    auth.login("editor")
    ticket = ticket_of(upload(client))
    other = create_account(app, UserRole.ADMIN, "other-editor@newsroom.example.org")
    other_client = app.test_client()
    sign_in(other_client, other.email)
    response = other_client.post("/imports/commit", data={"ticket": ticket})
    assert response.status_code == 404
    for forged in ("", "no-such-ticket", "a\x00b", "x" * 500):
        assert client.post("/imports/commit", data={"ticket": forged}).status_code == 404
    assert people(app) == 0


def test_an_expired_preview_says_so(app, client, auth):
    auth.login("editor")
    ticket = ticket_of(upload(client))
    with app.app_context():
        db.session.execute(
            update(ImportPreview)
            .where(ImportPreview.token == ticket)
            .values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )
        db.session.commit()
    response = client.post("/imports/commit", data={"ticket": ticket})
    assert response.status_code == 410
    assert "expired after 2 hours" in response.text
    assert "upload the file again" in response.text
    assert people(app) == 0


def test_the_previewed_choices_are_kept_with_the_file(app, client, auth, demo):
    """The kind and "create missing" are those previewed, whatever the confirmation posts."""
    auth.login("editor")
    ticket = ticket_of(upload(client))
    done = client.post(
        "/imports/commit", data={"ticket": ticket, "kind": "sources", "create_missing": "1"}
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/people/")


def test_waiting_files_never_leave_in_the_data_package(app, client, auth):
    auth.login("editor")
    ticket_of(upload(client, b"name\r\nA Secret Envoy\r\n"))
    archive = zipfile.ZipFile(io.BytesIO(client.get("/exports/datapackage.zip").data))
    assert not any("import_preview" in name for name in archive.namelist())
    assert not any(b"A Secret Envoy" in archive.read(name) for name in archive.namelist())
