"""/lookup/<kind>/new: the small creation form a picker opens in a dialog, and the record it
creates through the ordinary services (same rules, same history), answered as JSON."""

from __future__ import annotations

import re

import pytest
from conftest import create_account, make_app
from sqlalchemy import func, select

from tracker import models
from tracker.extensions import db
from tracker.models import ChangeAction, ChangeRecord, UserRole
from tracker.services import catalogue

# kind -> (model, history kind, valid values, (invalid values, field at fault, words of message))
CASES = {
    "people": (
        models.Person,
        "person",
        {"name": "Vali Nasr", "name_original": "ولی نصر"},
        ({"name": ""}, "name", "This field is required"),
    ),
    "organisations": (
        models.Organisation,
        "organisation",
        {"name": "Brookings Institution", "kind": "think_tank"},
        ({"name": "Shafaq News", "kind": "media_outlet"}, "name", "already exists"),
    ),
    "venues": (
        models.Venue,
        "venue",
        {"name": "Palais Coburg", "city": "Vienna", "country_code": "AT"},
        ({"name": "Somewhere", "country_code": "XX"}, "country_code", "ISO 3166"),
    ),
    "topics": (
        models.Topic,
        "topic",
        {"name": "Sanctions relief", "name_original": "رفع العقوبات"},
        ({"name": "Iraq's armed factions"}, "name", "already exists"),
    ),
    "sources": (
        models.Source,
        "source",
        {"headline": "Talks move to Vienna", "url": "https://example.org/vienna"},
        ({"headline": "Odd", "url": "javascript:alert(1)"}, "url", "https://"),
    ),
}


def posted(kind: str, values: dict[str, str]) -> dict[str, str]:
    """The dialog's field names carry a prefix, so they cannot clash with the form beneath."""
    return {f"new-{kind}-{name}": value for name, value in values.items()}


@pytest.mark.parametrize("kind", CASES)
def test_an_editor_creates_a_record_inline_with_its_history(app, client, auth, demo, kind):
    model, history_kind, values, _ = CASES[kind]
    editor = auth.login("editor")
    created = client.post(f"/lookup/{kind}/new", data=posted(kind, values))
    assert created.status_code == 201, created.text
    answer = created.get_json()
    with app.app_context():
        record = db.session.get(model, answer["id"])
        for name, value in values.items():
            assert str(
                getattr(record, name).value if name == "kind" else getattr(record, name)
            ) == (value.upper() if name == "country_code" else value)
        assert answer["label"].startswith(str(record).split(" · ")[0])
        change = db.session.scalar(
            select(ChangeRecord).where(
                ChangeRecord.record_kind == history_kind, ChangeRecord.record_id == record.id
            )
        )
        assert change.action is ChangeAction.CREATE and change.actor_id == editor.id


@pytest.mark.parametrize("kind", CASES)
def test_invalid_input_is_refused_with_the_fields_message(app, client, auth, demo, kind):
    model, _, _, (values, field, words) = CASES[kind]
    auth.login("editor")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(model))
    refused = client.post(f"/lookup/{kind}/new", data=posted(kind, values))
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert words in " ".join(errors[field])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(model)) == before


def test_the_dialog_form_is_prefilled_with_what_was_typed(client, auth, demo):
    auth.login("editor")
    person = client.get("/lookup/people/new?text=Vali Nasr")
    assert person.status_code == 200
    assert re.search(r'<input[^>]*name="new-people-name"[^>]*value="Vali Nasr"', person.text)
    assert 'action="/lookup/people/new"' in person.text
    link = "https://example.org/vienna-talks"
    source = client.get(f"/lookup/sources/new?text={link}").text
    assert re.search(rf'<input[^>]*name="new-sources-url"[^>]*value="{link}"', source)
    assert re.search(r'<input[^>]*name="new-sources-headline"[^>]*value=""', source)
    assert client.get("/lookup/rounds/new").status_code == 404
    outlet = client.get("/lookup/organisations/new?text=Al-Monitor&for=outlet_id").text
    assert re.search(r'<option selected value="media_outlet">', outlet)


def test_a_pasted_link_finds_the_source_recorded_under_it(app, client, auth, demo):
    auth.login("editor")
    url = "https://www.reuters.com/world/middle-east/iran-us-talks-rome"
    with app.app_context():
        source_id = catalogue.sources.create(
            db.session, None, {"headline": "Iran, US end Rome round", "url": url}
        ).id
        db.session.commit()
    for pasted in (url, f"{url}/", f"{url}#comments"):
        found = client.get("/lookup/sources", query_string={"q": pasted}).get_json()["results"]
        assert [row["id"] for row in found] == [source_id], pasted
    unknown = "https://example.org/not-recorded"
    assert client.get("/lookup/sources", query_string={"q": unknown}).get_json()["results"] == []


def test_viewers_may_not_create_inline(app, client, auth, demo):
    auth.login("viewer")
    assert client.get("/lookup/people/new").status_code == 403
    refused = client.post("/lookup/people/new", data=posted("people", {"name": "Vali Nasr"}))
    assert refused.status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(select(models.Person).where(models.Person.name == "Vali Nasr"))
            is None
        )


def test_the_csrf_token_is_required(database_url, tmp_path):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    user = create_account(app, UserRole.EDITOR, "inline@example.org")
    client = app.test_client()
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page)[1]
    client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
    )
    values = posted("topics", {"name": "Snapback"})
    assert client.post("/lookup/topics/new", data=values).status_code == 400
    dialog = client.get("/lookup/topics/new?text=Snapback").text
    token = re.search(r'name="new-topics-csrf_token"[^>]*value="([^"]+)"', dialog)[1]
    created = client.post("/lookup/topics/new", data=values, headers={"X-CSRFToken": token})
    assert created.status_code == 201
    from conftest import empty_all_tables

    with app.app_context():
        db.session.close()
        empty_all_tables(db.engine)
        db.engine.dispose()


def test_without_javascript_a_picker_links_to_the_creation_page_and_back(app, client, auth, demo):
    auth.login("editor")
    form_page = "/participations/new?round_id=3"
    page = client.get(form_page).text
    link = re.search(r'<noscript><p class="small"><a href="(/people/new\?next=[^"]+)"', page)
    assert link, "no link to the person creation page"
    created = client.post(link[1].replace("&amp;", "&"), data={"name": "Ali Vaez"})
    assert created.status_code == 302
    assert created.headers["Location"] == form_page
    assert "Ali Vaez" in client.get(form_page).text
    elsewhere = client.post("/people/new?next=//evil.example/", data={"name": "Ellie Geranmayeh"})
    assert elsewhere.status_code == 302
    assert re.fullmatch(r"/people/\d+", elsewhere.headers["Location"])
