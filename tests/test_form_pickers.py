"""No wrong picks: a required picker opens on an empty "Choose a …" option and saving without
choosing names the field; with two negotiations nothing is preselected, rounds name their
negotiation and a round of another negotiation is refused; every error shows at once."""

from __future__ import annotations

import re

import pytest
from html_forms import form_fields
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Negotiation, Round, Statement
from tracker.services import negotiations

SECOND = "Iran–US talks (2026)"

#: page -> (picker, the words of its empty option and of the message when left empty)
REQUIRED_PICKERS = [
    ("/participations/new", "person_id", "Choose a person"),
    ("/participations/new", "round_id", "Choose a round"),
    ("/rounds/new", "negotiation_id", "Choose a negotiation"),
    ("/outcomes/new", "round_id", "Choose a round"),
    ("/developments/new", "negotiation_id", "Choose a negotiation"),
    ("/titles/new", "person_id", "Choose a person"),
]


def options_of(page: str, name: str) -> list[str]:
    """The <option> tags of the select called ``name``, in order."""
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, f"no select {name}"
    return re.findall(r"<option[^>]*>[^<]*</option>", select_[1])


def error_of(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="{name}-error"[^>]*>(.*?)</p>', page, re.S)
    return found[1] if found else ""


@pytest.fixture
def second_negotiation(app, demo) -> dict[str, int]:
    """The 2026 talks beside the demo's 2025 ones, each with a round 1."""
    with app.app_context():
        negotiation = negotiations.negotiations.create(db.session, None, {"title": SECOND})
        round_ = negotiations.rounds.create(
            db.session, None, {"negotiation_id": negotiation.id, "number": 1}
        )
        first = db.session.scalar(select(Negotiation.id).where(Negotiation.title != SECOND))
        first_round = db.session.scalar(
            select(Round.id).where(Round.negotiation_id == first, Round.number == 1)
        )
        db.session.commit()
        return {
            "first": first,
            "first_round": first_round,
            "second": negotiation.id,
            "second_round": round_.id,
        }


@pytest.mark.parametrize(("url", "name", "prompt"), REQUIRED_PICKERS)
def test_a_required_picker_opens_empty_and_saving_without_choosing_names_it(
    client, auth, demo, url, name, prompt
):
    auth.login("editor")
    page = client.get(url).text
    options = options_of(page, name)
    assert options[0] == f'<option selected value="">{prompt}…</option>'
    assert not any("selected" in option for option in options[1:])
    submitted = form_fields(page)
    assert submitted[name] == [""]  # what a browser posts when nobody chose
    refused = client.post(url, data=submitted)
    assert refused.status_code == 422
    assert error_of(refused.text, name) == prompt


def test_with_two_negotiations_no_form_preselects_a_negotiation_or_a_round(
    client, auth, second_negotiation
):
    auth.login("editor")
    for url in ("/rounds/new", "/outcomes/new", "/developments/new", "/statements/new"):
        fields = form_fields(client.get(url).text)
        for name in ("negotiation_id", "round_id"):
            assert fields.get(name, [""]) == [""], (url, name)


def test_round_options_name_their_negotiation_once_there_are_two(client, auth, demo, app):
    auth.login("editor")
    alone = options_of(client.get("/participations/new").text, "round_id")
    assert any(">Round 1: Muscat</option>" in option for option in alone)
    assert not any(" — " in option for option in alone)
    with app.app_context():
        negotiation = negotiations.negotiations.create(db.session, None, {"title": SECOND})
        negotiations.rounds.create(
            db.session, None, {"negotiation_id": negotiation.id, "number": 1}
        )
        db.session.commit()
    both = options_of(client.get("/participations/new").text, "round_id")
    labels = [re.sub(r"<[^>]+>", "", option) for option in both[1:]]
    assert "Round 1: Muscat — Iran–US indirect talks (2025)" in labels
    assert f"Round 1 — {SECOND}" in labels
    assert len(labels) == len(set(labels))


def test_round_options_carry_their_negotiation_for_narrowing(client, auth, second_negotiation):
    auth.login("editor")
    options = options_of(client.get("/statements/new").text, "round_id")
    second_round = second_negotiation["second_round"]
    negotiation = second_negotiation["second"]
    assert f'<option data-negotiation="{negotiation}" value="{second_round}">' in "".join(options)


def test_a_round_of_another_negotiation_is_refused(app, client, auth, second_negotiation):
    auth.login("editor")
    chosen = second_negotiation
    statement = {
        "speaker_id": "1",
        "attribution": "on_record",
        "text_original": "We will talk again.",
        "speech": "direct",
        "verification": "reported",
        "negotiation_id": str(chosen["first"]),
        "round_id": str(chosen["second_round"]),
        "source_ids": ["1"],
    }
    refused = client.post("/statements/new", data=statement)
    assert refused.status_code == 422
    assert error_of(refused.text, "round_id") == "That round belongs to another negotiation."
    development = {
        "negotiation_id": str(chosen["second"]),
        "round_id": str(chosen["first_round"]),
        "headline": "Talks to resume",
        "verification": "reported",
        "source_ids": ["1"],
    }
    refused = client.post("/developments/new", data=development)
    assert refused.status_code == 422
    assert error_of(refused.text, "round_id") == "That round belongs to another negotiation."
    with app.app_context():
        assert (
            db.session.scalar(
                select(Statement.id).where(Statement.text_original == "We will talk again.")
            )
            is None
        )
    accepted = client.post(
        "/statements/new", data=statement | {"negotiation_id": str(chosen["second"])}
    )
    assert accepted.status_code == 302


def test_pages_showing_a_round_name_its_negotiation_once_there_are_two(
    client, auth, second_negotiation
):
    auth.login("viewer")
    round_page = client.get(f"/rounds/{second_negotiation['first_round']}").text
    assert re.search(
        r"<h1[^>]*><bdi>Round 1: Muscat — Iran–US indirect talks \(2025\)</bdi>", round_page
    )
    timeline = client.get("/timeline/").text
    assert f"Round 1 — {SECOND}" in timeline


def test_subscribe_on_a_negotiations_row_preselects_it(app, client, auth, second_negotiation):
    auth.login("viewer")
    with app.app_context():
        slug = db.session.get(Negotiation, second_negotiation["second"]).slug
    exports = client.get("/exports/").text
    link = f"/account/feeds?negotiation={slug}"
    assert link in exports
    options = options_of(client.get(link).text, "negotiation_id")
    chosen = [option for option in options if "selected" in option]
    assert chosen == [f'<option value="{second_negotiation["second"]}" selected>{SECOND}</option>']
    unchosen = options_of(client.get("/account/feeds").text, "negotiation_id")
    assert unchosen[0].startswith('<option value="">') and "selected" not in "".join(unchosen)


def test_quick_add_records_a_statements_stance(app, client, auth, demo):
    auth.login("editor")
    assert 'name="stance"' in client.get("/quick-add/").text
    response = client.post(
        "/quick-add/",
        data={
            "kind": "statement",
            "text": "We reject these demands.",
            "speaker_id": "1",
            "stance": "opposes",
            "source_url": "https://example.org/rejects",
        },
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        statement = db.session.scalar(
            select(Statement).where(Statement.text_original == "We reject these demands.")
        )
        assert statement.stance.value == "opposes"


def test_a_taken_round_number_shows_together_with_the_other_errors(client, auth, demo, app):
    auth.login("editor")
    with app.app_context():
        negotiation = db.session.scalar(select(Negotiation.id))
    refused = client.post(
        "/rounds/new",
        data={
            "negotiation_id": str(negotiation),
            "number": "1",
            "status": "scheduled",
            "format": "indirect",
            "when_edtf": "2025-02-30",
        },
    )
    assert refused.status_code == 422
    assert "is not a date we can read" in error_of(refused.text, "when_edtf")
    assert error_of(refused.text, "number") == "This negotiation already has a round 1."
    with app.app_context():
        assert db.session.scalar(select(Round.id).where(Round.when_edtf == "2025-02-30")) is None


def test_an_edit_also_shows_every_error_at_once(client, auth, demo, app):
    auth.login("editor")
    with app.app_context():
        second = db.session.scalar(select(Round).where(Round.number == 2))
        round_id, version, negotiation = second.id, second.version, second.negotiation_id
    refused = client.post(
        f"/rounds/{round_id}/edit",
        data={
            "version": str(version),
            "negotiation_id": str(negotiation),
            "number": "1",
            "status": "held",
            "format": "indirect",
            "when_edtf": "someday",
        },
    )
    assert refused.status_code == 422
    assert "is not a date we can read" in error_of(refused.text, "when_edtf")
    assert error_of(refused.text, "number") == "This negotiation already has a round 1."
