"""CSV exports: RFC 4180 structure, UTF-8 with an optional BOM, formula guarding, filters."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, update

from tracker.csv_contract.cells import neutralise_cell, restore_cell
from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.extensions import db
from tracker.models import Person, Topic
from tracker.services import catalogue, negotiations, timeline


def read_csv(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))


@pytest.mark.parametrize("name", sorted(ENTITY_EXPORTS))
def test_every_entity_exports_as_csv_with_one_row_per_record(client, auth, demo, name):
    auth.login("viewer")
    response = client.get(f"/exports/{name}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    read_csv(response.data)
    header = response.data.split(b"\r\n", 1)[0].decode()
    assert header.split(",") == ENTITY_EXPORTS[name].headers()


def test_demo_rounds_and_arabic_names_come_out_intact(client, auth, demo):
    auth.login("viewer")
    rounds = read_csv(client.get("/exports/rounds.csv").data)
    assert [row["number"] for row in rounds] == ["1", "2", "3"]
    assert rounds[0]["venue"] == "Muscat"
    assert rounds[1]["topics"] == "Iraq's armed factions | Popular Mobilization Forces (PMF)"
    people = {row["name"]: row for row in read_csv(client.get("/exports/people.csv").data)}
    assert people["Abbas Araghchi"]["name_original"] == "عباس عراقچی"
    assert people["Mohammed al-Shammari"]["name_original"] == "محمد الشمري"


def test_bom_is_added_only_when_asked_for(client, auth, demo):
    auth.login("viewer")
    assert client.get("/exports/people.csv?bom=1").data.startswith(b"\xef\xbb\xbfuid,")
    assert client.get("/exports/people.csv").data.startswith(b"uid,")


def test_lines_end_with_crlf_and_embedded_newlines_and_quotes_survive(app, client, auth):
    auth.login("viewer")
    with app.app_context():
        catalogue.people.create(
            db.session,
            None,
            {"name": 'Ali "the envoy"', "description": "line one\nline two, with comma"},
        )
        db.session.commit()
    body = client.get("/exports/people.csv").data
    assert body.endswith(b"\r\n")
    (row,) = read_csv(body)
    assert row["name"] == 'Ali "the envoy"'
    assert row["description"] == "line one\nline two, with comma"
    assert b'"Ali ""the envoy"""' in body


FORMULAS = ["=1+1", "+31 6", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "'=already", "''-twice"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_guarded_and_restorable(app, client, auth, value):
    auth.login("viewer")
    with app.app_context():
        catalogue.people.create(db.session, None, {"name": "Guarded"})
        # Written past the service, which trims text, to store leading tabs and returns too.
        db.session.execute(update(Person).values(description=value))
        db.session.commit()
    (row,) = read_csv(client.get("/exports/people.csv").data)
    cell = row["description"]
    assert cell == "'" + value
    assert restore_cell(cell) == value


@pytest.mark.parametrize("value", ["plain", "O'Brien", "a=b", "3-2", "", " =space first"])
def test_ordinary_text_is_left_alone(value):
    assert neutralise_cell(value) == value
    assert restore_cell(value) == value


@pytest.mark.parametrize("value", [*FORMULAS, "'quoted'", "'", "''"])
def test_the_guard_is_reversible(value):
    guarded = neutralise_cell(value)
    assert guarded.startswith("'")
    assert restore_cell(guarded) == value


def test_sql_and_python_guards_agree(app, client, auth):
    auth.login("viewer")
    values = [*FORMULAS, "plain", "'x", "-", "=", " =space first", "\u200f=rtl mark"]
    with app.app_context():
        for index, value in enumerate(values):
            person = catalogue.people.create(db.session, None, {"name": f"P{index:02d}"})
            db.session.execute(
                update(Person).where(Person.id == person.id).values(description=value)
            )
        db.session.commit()
    rows = read_csv(client.get("/exports/people.csv").data)
    exported = {row["name"]: row["description"] for row in rows}
    for index, value in enumerate(values):
        assert exported[f"P{index:02d}"] == neutralise_cell(value)


def test_timeline_csv_has_one_row_per_entry_in_date_order(client, auth, demo):
    auth.login("viewer")
    rows = read_csv(client.get("/exports/timeline.csv?order=oldest").data)
    kinds = {row["kind"] for row in rows}
    assert kinds == {"round", "outcome", "statement", "development"}
    assert len([row for row in rows if row["kind"] == "statement"]) == 17
    days = [row["earliest"] for row in rows if row["earliest"]]
    assert days == sorted(days)
    outcome = next(row for row in rows if row["kind"] == "outcome")
    assert outcome["round_number"] == "2"
    assert outcome["venue"] == "Rome"
    assert outcome["verification"] == "reported"
    assert outcome["source_urls"]
    statement = next(row for row in rows if row["kind"] == "statement")
    assert statement["people"] == statement["headline"]
    newest = read_csv(client.get("/exports/timeline.csv").data)
    assert [row["uid"] for row in newest] == [row["uid"] for row in reversed(rows)]


def _page_uids(app, args: dict[str, str]) -> list[tuple[str, str]]:
    """What the timeline page shows for ``args``, as (kind, record uid), in page order."""
    with app.app_context():
        query, errors = timeline.TimelineQuery.from_args(args)
        assert not errors
        page = timeline.page(db.session, query, size=500)
        return [(item.kind.value, str(item.record.uid)) for item in page.items]


def _topic_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Topic.id).where(Topic.slug == slug))


def test_timeline_csv_is_what_the_timeline_page_shows(app, client, auth, demo):
    """Export what I see: the same entries in the same order for the same parameters."""
    auth.login("viewer")
    views = [
        {},
        {"order": "oldest"},
        {"kind": "statement"},
        {"verification": "reported", "order": "oldest"},
        {"topic": str(_topic_id(app, "pmf"))},
        {"date_from": "2025-04-13", "date_to": "2025-04-20"},
        {"q": "constructive"},
        {"negotiation": "999"},
    ]
    for args in views:
        rows = read_csv(client.get("/exports/timeline.csv", query_string=args).data)
        exported = [(row["kind"], row["uid"]) for row in rows]
        shown = _page_uids(app, args)
        if args.get("q"):
            assert sorted(exported) == sorted(shown) and exported, args
        else:
            assert exported == shown, args
    assert read_csv(client.get("/exports/timeline.csv?negotiation=999").data) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=nonsense", "kind"),
        ("verification=maybe", "verification"),
        ("date_from=12/04/2025", "date_from"),
        ("person=araghchi", "person"),
        ("date_from=2025-05-01&date_to=2025-04-01", "date_to"),
    ],
)
def test_bad_timeline_filters_get_a_clear_400(client, auth, demo, query, field):
    auth.login("viewer")
    response = client.get(f"/exports/timeline.csv?{query}", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert f"{field}:" in response.get_json()["error"]["message"]


def test_timeline_page_links_to_its_own_export(client, auth, demo):
    auth.login("viewer")
    page = client.get("/timeline/?kind=statement&order=oldest").text
    assert "/exports/timeline.csv?" in page
    assert "kind=statement" in page.split("/exports/timeline.csv?", 1)[1].split('"', 1)[0]


def test_exports_need_a_signed_in_account(client, demo):
    assert client.get("/exports/rounds.csv").status_code == 302
    assert client.get("/exports/timeline.csv").status_code == 302


def test_unknown_export_is_404(client, auth):
    auth.login("viewer")
    assert client.get("/exports/passwords.csv").status_code == 404


def test_exports_page_lists_every_export(client, auth, demo):
    auth.login("viewer")
    page = client.get("/exports/").text
    for name in ENTITY_EXPORTS:
        assert f"/exports/{name}.csv" in page
    assert "/exports/negotiations/iran-us-2025/timelinejs.json" in page


def test_round_moves_are_exported(app, client, auth, demo):
    auth.login("viewer")
    with app.app_context():
        from tracker.models import Round

        round_ = db.session.query(Round).filter_by(number=3).one()
        negotiations.rounds.update(
            db.session, None, round_, {"status": "postponed"}, note="Delayed a week"
        )
        db.session.commit()
    (change,) = read_csv(client.get("/exports/schedule-changes.csv").data)
    assert change["previous_status"] == "announced"
    assert change["new_status"] == "postponed"
    assert change["note"] == "Delayed a week"
    assert change["recorded_at"].endswith("Z")


def test_facts_keep_their_verification_and_sources(app, client, auth, demo):
    auth.login("viewer")
    statements = read_csv(client.get("/exports/statements.csv").data)
    assert all(row["sources"] for row in statements)
    assert {row["verification"] for row in statements} == {"reported"}
