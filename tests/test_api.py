"""The JSON API: who may call it, how lists page, how records are found, how errors read."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from conftest import create_account
from sqlalchemy import func, select, update
from werkzeug.exceptions import Conflict

from tracker.api.resources import RESOURCES
from tracker.extensions import db
from tracker.models import (
    ApiToken,
    Attribution,
    Negotiation,
    Organisation,
    Round,
    RoundStatus,
    Statement,
    Topic,
    User,
    UserRole,
)
from tracker.services import accounts, catalogue, facts, negotiations, tokens
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation, StaleRecord


@pytest.fixture
def token(app):
    """A working token of a viewer: the least a script needs."""
    create_account(app, UserRole.VIEWER, "script@newsroom.example.org")
    with app.app_context():
        user = accounts.find_user_by_email(db.session, "script@newsroom.example.org")
        _record, text = tokens.create_token(db.session, user, "tests")
        db.session.commit()
    return text


@pytest.fixture
def api(client, token):
    """GET under /api/v1 with the token."""

    def get(path: str, **params):
        return client.get(
            f"/api/v1/{path}", query_string=params, headers={"Authorization": f"Bearer {token}"}
        )

    return get


def walk(api, path: str, **params) -> list[dict]:
    """Every record of a list, following next_cursor until it runs out."""
    seen: list[dict] = []
    cursor = None
    for _ in range(1000):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        response = api(path, **query)
        assert response.status_code == 200, response.json
        body = response.json
        seen.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            assert body["next"] is None
            return seen
        assert f"cursor={cursor}" in body["next"]
    raise AssertionError("pagination never ended")


# -- authentication --------------------------------------------------------------------------


def assert_unauthorized(response, words: str) -> None:
    assert response.status_code == 401
    assert response.is_json
    assert response.json["error"]["status"] == 401
    assert words in response.json["error"]["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_caller_gets_401_json_not_a_login_redirect(client, demo):
    assert_unauthorized(client.get("/api/v1/rounds"), "Sign in, or send a personal API token")
    assert_unauthorized(client.get("/api/v1/rounds/1"), "Sign in")


def test_unknown_token_is_refused(client, demo, token):
    wrong = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    response = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {wrong}"})
    assert_unauthorized(response, "not valid")


def test_malformed_authorization_header_is_refused(client, demo, token):
    for header in (token, f"Basic {token}", "Bearer", f"Bearer {token} extra"):
        response = client.get("/api/v1/rounds", headers={"Authorization": header})
        assert_unauthorized(response, "must read 'Bearer <token>'")


def test_revoked_token_stops_working_at_once(app, client, demo, token):
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/rounds", headers=headers).status_code == 200
    with app.app_context():
        record = db.session.scalar(select(ApiToken))
        tokens.revoke_token(db.session, record.user, record.id)
        db.session.commit()
    assert_unauthorized(client.get("/api/v1/rounds", headers=headers), "revoked")


def test_token_of_deactivated_account_is_refused(app, client, demo, token):
    with app.app_context():
        db.session.execute(update(User).values(active=False))
        db.session.commit()
    response = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"})
    assert_unauthorized(response, "deactivated")


def test_bad_token_is_refused_even_with_a_signed_in_session(client, auth, demo):
    auth.login(UserRole.VIEWER)
    response = client.get("/api/v1/rounds", headers={"Authorization": "Bearer nrt_forged"})
    assert_unauthorized(response, "not valid")


def test_signed_in_browser_session_may_call_the_api(client, auth, demo):
    auth.login(UserRole.VIEWER)
    response = client.get("/api/v1/rounds")
    assert response.status_code == 200
    assert response.json["items"]


def test_token_request_sets_no_cookie_and_records_last_use(app, api, demo):
    response = api("rounds")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_token_opens_only_the_api_not_the_web_pages(client, demo, token):
    response = client.get("/rounds/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# -- pagination ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.name)
def test_pagination_walks_every_record_exactly_once_in_every_order(app, api, demo, resource):
    with app.app_context():
        expected = set(db.session.scalars(select(resource.model.id)))
    assert expected, f"the demo story has no {resource.name}"
    for sort in resource.sorts:
        ids = [item["id"] for item in walk(api, resource.name, limit=2, sort=sort)]
        assert len(ids) == len(set(ids)), f"{resource.name} sorted by {sort} repeated a record"
        assert set(ids) == expected, f"{resource.name} sorted by {sort} missed records"


def test_pages_follow_the_sort_order_with_unknown_dates_last(app, api, demo):
    with app.app_context():
        negotiation = db.session.scalar(select(Negotiation))
        negotiations.rounds.create(
            db.session,
            None,
            {"negotiation_id": negotiation.id, "title": "Date not yet set", "status": "announced"},
        )
        db.session.commit()
    rounds = walk(api, "rounds", limit=2, sort="date")
    dates = [item["when"]["earliest"] for item in rounds]
    known = [day for day in dates if day is not None]
    assert known == sorted(known)
    assert dates[-1] is None
    assert rounds[-1]["title"] == "Date not yet set"


def test_records_added_during_a_walk_are_neither_repeated_nor_skip_others(app, api, demo):
    first = api("topics", limit=2, sort="name").json
    with app.app_context():
        catalogue.topics.create(db.session, None, {"name": "Aaa early topic", "slug": "aaa"})
        catalogue.topics.create(db.session, None, {"name": "Zzz late topic", "slug": "zzz"})
        db.session.commit()
        all_names = set(db.session.scalars(select(Topic.name)))
    rest = walk(api, "topics", limit=2, sort="name", cursor=first["next_cursor"])
    names = [item["name"] for item in first["items"] + rest]
    assert len(names) == len(set(names))
    # The topic sorting before the cursor was added behind the reader; everything else is seen.
    assert set(names) == all_names - {"Aaa early topic"}


def test_limit_defaults_to_fifty_and_caps_the_page(app, api, demo):
    with app.app_context():
        for number in range(55):
            catalogue.topics.create(
                db.session, None, {"name": f"Topic {number:02}", "slug": f"t{number}"}
            )
        db.session.commit()
    page = api("topics").json
    assert len(page["items"]) == 50
    assert page["next_cursor"] is not None
    assert len(api("topics", limit=200).json["items"]) == 60
    assert len(api("topics", limit=7).json["items"]) == 7


def test_updated_since_returns_only_recent_changes(app, api, demo):
    with app.app_context():
        db.session.execute(update(Topic).values(updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
        db.session.execute(
            update(Topic)
            .where(Topic.slug == db.session.scalar(select(func.min(Topic.slug))))
            .values(updated_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
        )
        db.session.commit()
    recent = api("topics", updated_since="2025-05-01T00:00:00Z").json["items"]
    assert len(recent) == 1
    assert len(api("topics", updated_since="2024-12-31T23:00:00-02:00").json["items"]) == 1
    assert len(api("topics", updated_since="2024-12-31").json["items"]) > 1


# -- records ---------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.name)
def test_record_by_id_and_by_uid_are_the_same_record(api, demo, resource):
    listed = api(resource.name, limit=1).json["items"][0]
    by_id = api(f"{resource.name}/{listed['id']}")
    by_uid = api(f"{resource.name}/by-uid/{listed['uid']}")
    assert by_id.status_code == by_uid.status_code == 200
    assert by_id.json == by_uid.json == listed
    assert by_id.json["api_url"] == f"/api/v1/{resource.name}/{listed['id']}"


def test_filters_narrow_the_list(app, api, demo):
    with app.app_context():
        negotiation_id = db.session.scalar(select(Negotiation.id))
        held = db.session.scalar(
            select(func.count(Round.id)).where(Round.status == RoundStatus.HELD)
        )
    rounds = walk(api, "rounds", negotiation=negotiation_id, status="held")
    assert len(rounds) == held
    assert {item["negotiation"]["id"] for item in rounds} == {negotiation_id}
    assert api("rounds", negotiation=999_999).json["items"] == []
    outcomes = walk(api, "outcomes", negotiation=negotiation_id)
    assert outcomes
    assert {item["negotiation"]["id"] for item in outcomes} == {negotiation_id}


def test_anonymous_statements_never_name_their_speaker(app, api, demo):
    with app.app_context():
        statement = db.session.scalar(select(Statement).where(Statement.speaker_id.is_not(None)))
        speaker_id = statement.speaker_id
        statement.attribution = Attribution.ANONYMOUS
        statement.speaker_description = "A senior official"
        db.session.commit()
        statement_id = statement.id
    shown = api(f"statements/{statement_id}").json
    assert shown["speaker"] is None
    assert shown["speaker_label"] == "A senior official"
    by_speaker = walk(api, "statements", speaker=speaker_id)
    assert statement_id not in {item["id"] for item in by_speaker}


# -- errors ----------------------------------------------------------------------------------


def assert_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.data
    assert response.is_json
    error = response.json["error"]
    assert error["status"] == status
    assert words in error["message"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": "0"}, "Parameter 'limit': expected a whole number from 1 to 200"),
        ({"limit": "201"}, "from 1 to 200"),
        ({"limit": "ten"}, "from 1 to 200"),
        ({"cursor": "not-a-cursor"}, "Parameter 'cursor'"),
        ({"sort": "colour"}, "Parameter 'sort': expected one of date, number, updated, id"),
        ({"status": "finished"}, "Parameter 'status': expected one of announced"),
        ({"negotiation": "-1"}, "Parameter 'negotiation': expected a record id"),
        ({"negotiation": "99999999999"}, "expected a record id"),
        ({"updated_since": "yesterday"}, "Parameter 'updated_since': expected a timestamp"),
        ({"updated_since": "0001-01-01T00:00:00+14:00"}, "expected a timestamp"),
        ({"negotation": "1"}, "Parameter 'negotation': not a parameter of this list"),
    ],
)
def test_bad_list_parameters_get_400_with_the_reason(api, demo, params, words):
    assert_error(api("rounds", **params), 400, words)


def test_repeated_parameter_is_refused(api, demo):
    assert_error(api("rounds", status=["held", "postponed"]), 400, "give it once")


def test_cursor_only_works_for_its_own_list_and_order(api, demo):
    cursor = api("rounds", limit=1, sort="date").json["next_cursor"]
    assert cursor
    assert api("rounds", limit=1, sort="date", cursor=cursor).status_code == 200
    assert_error(api("rounds", limit=1, sort="number", cursor=cursor), 400, "cursor")
    assert_error(api("people", limit=1, cursor=cursor), 400, "cursor")
    assert_error(api("rounds", limit=1, sort="date", cursor=cursor[:-2]), 400, "cursor")


def test_missing_records_get_404_json(api, demo):
    assert_error(api("rounds/999999"), 404, "There is no round with id 999999")
    missing = uuid.uuid4()
    assert_error(api(f"rounds/by-uid/{missing}"), 404, f"There is no round with uid {missing}")
    assert_error(api("rounds/by-uid/not-a-uid"), 404, "not found")
    assert_error(api("rounds/99999999999"), 404, "not found")
    assert_error(api("no-such-things"), 404, "not found")


def test_record_lookup_refuses_query_parameters(api, demo):
    assert_error(api("rounds/1", limit=3), 400, "Parameter 'limit': not a parameter")


def test_writing_methods_get_405_json(client, demo, token):
    response = client.post("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 405, "not allowed")
    assert_error(client.delete("/api/v1/rounds/1"), 405, "not allowed")


def add_second_negotiation_source_and_outcome() -> None:
    """The demo story has one of each; a page of one proves nothing about N+1 queries."""
    outlet = db.session.scalar(select(Organisation.id).order_by(Organisation.id.desc()))
    negotiation = negotiations.negotiations.create(
        db.session, None, {"title": "Second track", "party_ids": [outlet]}
    )
    round_ = negotiations.rounds.create(
        db.session, None, {"negotiation_id": negotiation.id, "number": 1, "status": "held"}
    )
    source = catalogue.sources.create(
        db.session,
        None,
        {"headline": "Second report", "url": "https://news.example.org/2", "outlet_id": outlet},
    )
    facts.outcomes.create(
        db.session,
        None,
        {"round_id": round_.id, "summary": "Agreed to meet again", "source_ids": [source.id]},
    )
    # The newest entry, so that a timeline page of one shows a development with a round.
    facts.developments.create(
        db.session,
        None,
        {
            "negotiation_id": negotiation.id,
            "round_id": round_.id,
            "headline": "Talks to resume",
            "when_edtf": "2026-01-15",
            "source_ids": [source.id],
        },
    )
    db.session.commit()


@pytest.fixture
def count_queries(app):
    """How many SQL statements a call runs."""
    from sqlalchemy import event

    def count(call) -> int:
        with app.app_context():
            engine = db.engine
        seen: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            call()
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(seen)

    return count


PAGED_LISTS = [(resource.name, {}) for resource in RESOURCES] + [
    ("timeline", {"kind": kind}) for kind in ("round", "outcome", "statement", "development")
]


@pytest.mark.parametrize(("path", "filters"), PAGED_LISTS, ids=lambda value: str(value))
def test_a_page_costs_the_same_queries_however_many_records_it_holds(
    app, api, demo, count_queries, path, filters
):
    """Related records are loaded per page (and, on the timeline, per kind of entry), never
    one query per record."""
    with app.app_context():
        add_second_negotiation_source_and_outcome()
    assert len(api(path, limit=200, **filters).json["items"]) > 1
    one = count_queries(lambda: api(path, limit=1, **filters))
    many = count_queries(lambda: api(path, limit=200, **filters))
    assert many <= one


@pytest.mark.parametrize(
    ("error", "status", "words"),
    [
        (PermissionDenied("Your role (Viewer) may not do this."), 403, "may not do this"),
        (StaleRecord(object(), 1), 409, "Someone else saved this record"),
        (RecordNotFound("round", 7), 404, "No round with id 7"),
        (RuleViolation("Cite at least one source."), 400, "Cite at least one source"),
        (Conflict("Already there."), 409, "Already there."),
    ],
)
def test_service_errors_under_the_api_become_json(app, error, status, words):
    """The API's translation of the services' errors, for the doors that will write."""
    with app.test_request_context("/api/v1/rounds"):
        response = app.handle_user_exception(error)
        assert response.status_code == status
        assert response.is_json
        assert response.json["error"]["status"] == status
        assert words in response.json["error"]["message"]
