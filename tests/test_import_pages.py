"""The import page: upload, preview with every row's problems, commit all or none."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tracker.extensions import db
from tracker.models import Person, Round

HEADER = "negotiation,number,title,status,date,venue\r\n"


def upload(client, body: bytes, kind: str = "rounds", create_missing: bool = False):
    """Post the form as a browser would. Encoded in memory: the test client would spool a big
    body to a temporary file that it never closes."""
    fields = {"kind": kind, "file": FileStorage(io.BytesIO(body), filename="later-rounds.csv")}
    if create_missing:
        fields["create_missing"] = "y"
    boundary, payload = encode_multipart(fields)
    return client.post(
        "/imports/", data=payload, content_type=f"multipart/form-data; boundary={boundary}"
    )


def rounds(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Round))


def test_preview_names_problems_then_a_fixed_file_lands(app, client, auth, demo):
    auth.login("editor")
    bad = HEADER + "Iran–US indirect talks (2025),4,,held,2025-13-01,Geneva\r\n"
    page = upload(client, bad.encode())
    assert page.status_code == 200
    assert "nothing will be imported" in page.text
    assert re.search(r"<td>1</td><td><code[^>]*>date</code></td>", page.text)
    assert re.search(r"<td>1</td><td><code[^>]*>venue</code></td>", page.text)
    assert "Import 1 rounds" not in page.text
    assert rounds(app) == 3

    good = HEADER + "Iran–US indirect talks (2025),4,,held,2025-05-11,Geneva\r\n"
    preview = upload(client, good.encode(), create_missing=True)
    assert "Import 1 rounds" in preview.text
    assert "venue “Geneva”" in preview.text
    assert rounds(app) == 3
    ticket = re.search(r'name="ticket" value="([^"]+)"', preview.text).group(1)
    done = client.post(
        "/imports/commit", data={"ticket": ticket, "kind": "rounds", "create_missing": "1"}
    )
    assert done.status_code == 302
    assert rounds(app) == 4
    again = client.post(
        "/imports/commit", data={"ticket": ticket, "kind": "rounds", "create_missing": "1"}
    )
    assert again.status_code == 404
    assert rounds(app) == 4


def test_whole_file_errors_show_next_to_the_file_field(client, auth, demo):
    auth.login("editor")
    for body, needle in [
        ("name\r\nعلي\r\n".encode("cp1256"), "not UTF-8"),
        (b"name,shoe size\r\nAli,44\r\n", "Unknown columns: shoe size"),
        (b"name\r\n" + b"y" * (50 * 1024 * 1024), "imports take up to 10 MB"),
    ]:
        response = upload(client, body, kind="people")
        assert response.status_code == 400
        assert needle in response.text
        assert 'id="file-error"' in response.text


def test_a_ticket_belongs_to_its_uploader(app, client, auth, demo):
    auth.login("editor")
    preview = upload(client, b"name\r\nNew Envoy\r\n", kind="people")
    ticket = re.search(r'name="ticket" value="([^"]+)"', preview.text).group(1)
    auth.logout()
    auth.login("admin")
    response = client.post("/imports/commit", data={"ticket": ticket, "kind": "people"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.name == "New Envoy")) is None


def test_viewers_cannot_import(client, auth):
    auth.login("viewer")
    assert client.get("/imports/").status_code == 403
    assert upload(client, b"name\r\nAli\r\n", kind="people").status_code == 403


def test_the_upload_page_lists_each_kinds_columns(client, auth):
    auth.login("editor")
    page = client.get("/imports/").text
    assert "text_original" in page and "round_number" in page


def test_the_preview_speaks_the_readers_language(client, auth, demo):
    """Arabic: a ragged row, an unknown person and a record to be created are all worded in
    Arabic, the record kind included, and a whole-file refusal too."""
    auth.login("editor")
    client.get("/language/ar")
    ragged = HEADER + "Iran–US indirect talks (2025),4,,held\r\n"
    assert "في هذا الصف 4 خلايا، وفي سطر العناوين 6." in upload(client, ragged.encode()).text
    good = HEADER + "Iran–US indirect talks (2025),4,,held,2025-05-11,Geneva\r\n"
    assert "مكان “Geneva”" in upload(client, good.encode(), create_missing=True).text
    unknown = upload(client, good.encode()).text
    assert "لا يوجد مكان باسم «Geneva»" in unknown
    refused = upload(client, b"name,shoe size\r\nAli,44\r\n", kind="people")
    assert "أعمدة غير معروفة: shoe size." in refused.text
