"""The timeline in the API: the page's entries, filters and search, a cursor at a time."""

from __future__ import annotations

import pytest
from conftest import create_account
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import EntryKind, Negotiation, TimelineEntry, UserRole
from tracker.services import accounts, timeline, tokens
from tracker.services.timeline import TimelineQuery


@pytest.fixture
def api(app, client):
    create_account(app, UserRole.VIEWER, "timeline@newsroom.example.org")
    with app.app_context():
        user = accounts.find_user_by_email(db.session, "timeline@newsroom.example.org")
        _record, text = tokens.create_token(db.session, user, "timeline tests")
        db.session.commit()

    def get(**params):
        return client.get(
            "/api/v1/timeline", query_string=params, headers={"Authorization": f"Bearer {text}"}
        )

    return get


def walk(api, **params) -> list[dict]:
    seen: list[dict] = []
    cursor = None
    for _ in range(1000):
        response = api(**params, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.json
        seen.extend(response.json["items"])
        cursor = response.json["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination never ended")


def page_entry_ids(app, **args: str) -> list[int]:
    """What the timeline page shows for the same query string, all on one page."""
    with app.app_context():
        query, errors = TimelineQuery.from_args(args)
        assert not errors
        return [item.entry_id for item in timeline.page(db.session, query, size=10_000).items]


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_walk_sees_every_entry_once_in_the_pages_order(app, api, demo, order):
    entries = walk(api, limit=3, order=order)
    ids = [entry["entry_id"] for entry in entries]
    with app.app_context():
        total = db.session.scalar(select(func.count(TimelineEntry.id)))
    assert len(ids) == len(set(ids)) == total
    assert ids == page_entry_ids(app, order=order)
    dates = [entry["date"] for entry in entries]
    assert dates == sorted(dates, reverse=order == "newest")


def test_entries_carry_their_record_as_its_own_list_shows_it(api, client, demo):
    entries = walk(api, limit=50)
    kinds = {entry["kind"] for entry in entries}
    assert kinds == {kind.value for kind in EntryKind}
    for entry in entries:
        path = {"round": "rounds", "outcome": "outcomes"}.get(entry["kind"], entry["kind"] + "s")
        assert entry["record"]["api_url"] == f"/api/v1/{path}/{entry['record']['id']}"


def test_filters_mean_what_they_mean_on_the_page(app, api, demo):
    with app.app_context():
        negotiation_id = db.session.scalar(select(Negotiation.id))
    for args in (
        {"negotiation": str(negotiation_id)},
        {"kind": "statement"},
        {"kind": "round", "order": "oldest"},
        {"verification": "reported", "date_from": "2025-04-15"},
        {"date_to": "2025-04-15"},
        {"topic": "1"},
        {"person": "4"},
    ):
        ids = [entry["entry_id"] for entry in walk(api, limit=4, **args)]
        assert ids == page_entry_ids(app, **args), args
        assert ids, f"the demo story has nothing for {args}"


def test_search_pages_by_relevance_without_repeats(app, api, demo):
    everything = walk(api, limit=2, q="factions")
    ids = [entry["entry_id"] for entry in everything]
    assert len(ids) == len(set(ids)) > 2
    assert ids == page_entry_ids(app, q="factions")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"kind": "rumour"}, "Parameter 'kind': expected one of round"),
        ({"date_from": "April"}, "Parameter 'date_from': expected a date"),
        ({"date_from": "2025-05-01", "date_to": "2025-04-01"}, "Parameter 'date_to'"),
        ({"order": "random"}, "Parameter 'order'"),
        ({"q": "enrich\x00ment"}, "control characters"),
        ({"q": "x" * 201}, "under 200 characters"),
        ({"person": "0"}, "Parameter 'person': expected a record id"),
        ({"page": "2"}, "Parameter 'page': not a parameter"),
        ({"cursor": "2025-04-19.round.3"}, "Parameter 'cursor'"),
    ],
)
def test_bad_timeline_parameters_get_400(api, demo, params, words):
    response = api(**params)
    assert response.status_code == 400
    assert words in response.json["error"]["message"]


def test_a_cursor_belongs_to_its_order(api, demo):
    cursor = api(limit=2, order="newest").json["next_cursor"]
    assert api(limit=2, order="newest", cursor=cursor).status_code == 200
    assert api(limit=2, order="oldest", cursor=cursor).status_code == 400
    ranked = api(limit=1, q="factions").json["next_cursor"]
    assert api(limit=1, q="factions", cursor=ranked).status_code == 200
    assert api(limit=3, q="factions", cursor=ranked).status_code == 400


def test_timeline_needs_a_caller(client, demo):
    response = client.get("/api/v1/timeline")
    assert response.status_code == 401
    assert response.is_json
