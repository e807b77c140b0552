"""The newsroom's rules refuse a change in the reader's language: a page shows the services'
refusal translated next to the field, with its values filled in, while the services themselves
(and so the API and the CLI) keep the English wording."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tracker import models
from tracker.extensions import db
from tracker.services.errors import RuleViolation
from tracker.services.wording import N_

OUTCOME = {
    "round_id": "1",
    "summary": "Both sides called the talks positive.",
    "verification": "reported",
    "when_edtf": "2025-04-12",
}


def error_next_to(page: str, field: str) -> str:
    start = page.index(f'id="{field}-error"')
    return page[start : start + 400]


def outcome_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(models.ReportedOutcome))


def test_an_outcome_without_a_source_is_refused_in_arabic_next_to_the_field(
    app, client, auth, demo
):
    client.get("/language/ar")
    auth.login("editor")
    before = outcome_count(app)
    response = client.post("/outcomes/new", data=OUTCOME)
    assert response.status_code == 422
    error = error_next_to(response.text, "source_ids")
    assert "اذكر مصدرًا واحدًا على الأقل: لا يُنشر شيء من دون مصدر." in error
    assert "Cite at least one source" not in response.text
    assert outcome_count(app) == before


def test_the_same_refusal_stays_english_for_an_english_reader(app, client, auth, demo):
    client.get("/language/en")
    auth.login("editor")
    response = client.post("/outcomes/new", data=OUTCOME)
    assert response.status_code == 422
    assert "Cite at least one source: nothing is published without one." in error_next_to(
        response.text, "source_ids"
    )


def test_a_refusal_naming_a_value_is_translated_with_the_value_filled_in(app, client, auth, demo):
    with app.app_context():
        taken = db.session.scalars(select(models.Round).order_by(models.Round.id)).first()
        negotiation_id, number = taken.negotiation_id, taken.number
        before = db.session.scalar(select(func.count()).select_from(models.Round))
    client.get("/language/ar")
    auth.login("editor")
    response = client.post(
        "/rounds/new",
        data={
            "negotiation_id": str(negotiation_id),
            "number": str(number),
            "status": "scheduled",
            "format": "indirect",
            "when_edtf": "2025-05-11",
            "source_ids": ["1"],
        },
    )
    assert response.status_code == 422
    assert f"لهذه المفاوضات جولة رقم {number} بالفعل." in error_next_to(response.text, "number")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(models.Round)) == before


def test_a_rule_violation_keeps_its_english_message_with_the_values_filled_in():
    violation = RuleViolation(
        N_("This negotiation already has a round %(number)s."), "number", number=3
    )
    assert violation.message == str(violation) == "This negotiation already has a round 3."
    assert violation.template == "This negotiation already has a round %(number)s."
    assert violation.params == {"number": 3} and violation.field == "number"
    plain = RuleViolation(N_("Only a deletion can be restored."))
    assert plain.message == plain.template and plain.params == {} and plain.field is None


def test_quick_add_refuses_in_arabic_next_to_the_field(app, client, auth, demo):
    client.get("/language/ar")
    auth.login("editor")
    page = client.get("/quick-add/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/quick-add/",
        data={
            "csrf_token": token,
            "kind": "outcome",
            "when_edtf": "2025-04-23",
            "text": "Agreed to meet again",
            "source_outlet": "New Outlet Ltd",
        },
    )
    assert response.status_code == 422
    assert "النتيجة تنتمي إلى جولة: اخترها." in error_next_to(response.text, "round_id")
    assert "An outcome belongs to a round" not in response.text
