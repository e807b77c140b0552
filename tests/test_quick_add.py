"""Quick add: a fact, its source and the source's outlet in one form and one transaction."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import ChangeRecord, Development, Organisation, Round, Source, Statement

OMAN = "Third round confirmed for Saturday in Muscat, per Oman's foreign ministry"


def third_round_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Round.id).where(Round.number == 3))


def post(client, **values):
    page = client.get("/quick-add/")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    data = {"csrf_token": token, "kind": "development", "when_edtf": "2025-04-23"} | values
    return client.post("/quick-add/", data=data)


def test_one_form_logs_the_development_its_source_and_a_new_outlet(app, auth, client, demo):
    auth.login("editor")
    round_id = third_round_id(app)
    response = post(
        client,
        text=OMAN,
        round_id=str(round_id),
        when_text="Saturday",
        source_outlet="Oman News Agency",
        source_url="https://omannews.gov.om/third-round",
        published_on="2025-04-23",
    )
    assert response.status_code == 302
    assert "/timeline/?negotiation=" in response.headers["Location"]
    with app.app_context():
        development = db.session.scalar(select(Development).where(Development.headline == OMAN))
        assert development.round_id == round_id
        assert development.negotiation_id == db.session.get(Round, round_id).negotiation_id
        assert development.when_text == "Saturday"
        [source] = development.sources
        assert source.url == "https://omannews.gov.om/third-round"
        assert source.headline == OMAN and str(source.published_on) == "2025-04-23"
        assert source.outlet.name == "Oman News Agency"
        kinds = db.session.scalars(
            select(ChangeRecord.record_kind).order_by(ChangeRecord.id.desc()).limit(3)
        ).all()
        assert sorted(kinds) == ["development", "organisation", "source"]
    timeline = client.get(response.headers["Location"]).text
    assert "Logged, with its source" in timeline and OMAN.replace("'", "&#39;") in timeline


def test_a_known_outlet_and_a_known_link_are_reused(app, auth, client, demo):
    auth.login("editor")
    url = "https://www.reuters.com/world/iran-us-talks/"
    first = post(client, text="Talks to resume", negotiation_id="1", source_outlet="shafaq news")
    assert first.status_code == 302  # the demo's Shafaq News, whatever the case
    assert post(client, text="Talks resumed", negotiation_id="1", source_url=url).status_code == 302
    with app.app_context():
        outlets = db.session.scalar(select(func.count(Organisation.id)))
        sources = db.session.scalar(select(func.count(Source.id)))
        speaker = db.session.scalar(
            select(Statement.speaker_id).where(Statement.speaker_id.is_not(None))
        )
    response = post(
        client, kind="statement", text="We are ready.", speaker_id=str(speaker), source_url=url
    )
    assert response.status_code == 302
    with app.app_context():
        statement = db.session.scalar(
            select(Statement).where(Statement.text_original == "We are ready.")
        )
        assert [s.url for s in statement.sources] == [url]
        assert db.session.scalar(select(func.count(Source.id))) == sources
        assert db.session.scalar(select(func.count(Organisation.id))) == outlets


def test_refusals_sit_next_to_their_fields_and_nothing_is_written(app, auth, client, demo):
    auth.login("editor")
    with app.app_context():
        before = db.session.scalar(select(func.count(ChangeRecord.id)))
    no_source = post(client, text="Something happened", negotiation_id="1")
    assert no_source.status_code == 422
    assert 'id="source_outlet-error" role="alert"' in no_source.text
    outcome_without_round = post(
        client, kind="outcome", text="Agreed to meet again", source_outlet="New Outlet Ltd"
    )
    assert outcome_without_round.status_code == 422
    assert 'id="round_id-error"' in outcome_without_round.text
    bad_link = post(client, text="Something", negotiation_id="1", source_url="javascript:alert(1)")
    assert bad_link.status_code == 422 and 'id="source_url-error"' in bad_link.text
    with app.app_context():
        assert db.session.scalar(select(func.count(ChangeRecord.id))) == before
        assert (
            db.session.scalar(select(Organisation).where(Organisation.name == "New Outlet Ltd"))
            is None
        )


def test_viewers_cannot_quick_add(auth, client, demo):
    auth.login("viewer")
    assert client.get("/quick-add/").status_code == 403


def test_the_form_is_prefilled_from_where_the_editor_came(app, auth, client, demo):
    auth.login("editor")
    round_id = third_round_id(app)
    page = client.get(f"/quick-add/?round_id={round_id}&kind=outcome").text
    assert re.search(rf'<option data-negotiation="\d+" selected value="{round_id}">', page)
    assert '<option selected value="outcome">' in page
    assert 'type="date"' in page and 'type="url"' in page


def test_lookup_finds_people_in_any_script_for_signed_in_users_only(client, auth, demo):
    assert client.get("/lookup/people?q=Araghchi").status_code in (302, 401)
    auth.login("viewer")
    latin = client.get("/lookup/people?q=araghchi").get_json()["results"]
    persian = client.get("/lookup/people?q=عراقچی").get_json()["results"]
    assert latin and latin == persian and "Araghchi" in latin[0]["label"]
    assert client.get("/lookup/ships?q=x").status_code == 404
    assert client.get("/lookup/people").status_code == 400
    assert client.get("/lookup/people?q=" + "x" * 201).status_code == 400
