"""The reporters' timeline: keyset pages, facet counts that follow every edit, date wording,
grouping under rounds, what's next, and clear answers to bad filters."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import TimelineEntry, TimelineFacet, TimelineFacetTotal, Verification
from tracker.services import catalogue, facts, negotiations, timeline
from tracker.services.timeline import TimelineQuery


@pytest.fixture
def world(app):
    """Two negotiations, two topics, two speakers and a source, made through the services."""
    with app.app_context():
        session = db.session
        iran = catalogue.organisations.create(session, None, {"name": "Iran", "kind": "state"})
        usa = catalogue.organisations.create(
            session, None, {"name": "United States", "kind": "state"}
        )
        source = catalogue.sources.create(session, None, {"headline": "Wire report"})
        talks = negotiations.negotiations.create(
            session, None, {"title": "Iran–US talks", "party_ids": [iran.id, usa.id]}
        )
        other = negotiations.negotiations.create(session, None, {"title": "Gaza ceasefire talks"})
        factions = catalogue.topics.create(session, None, {"name": "Iraq's armed factions"})
        sanctions = catalogue.topics.create(session, None, {"name": "Sanctions"})
        araghchi = catalogue.people.create(
            session, None, {"name": "Abbas Araghchi", "name_original": "عباس عراقچی"}
        )
        witkoff = catalogue.people.create(session, None, {"name": "Steve Witkoff"})
        session.commit()
        ids = {
            "iran": iran.id,
            "usa": usa.id,
            "source": source.id,
            "talks": talks.id,
            "other": other.id,
            "factions": factions.id,
            "sanctions": sanctions.id,
            "araghchi": araghchi.id,
            "witkoff": witkoff.id,
        }
    return ids


def say(world, text, when="2025-04-12", speaker="araghchi", topics=(), negotiation="talks", **more):
    values = {
        "negotiation_id": world[negotiation],
        "speaker_id": world[speaker],
        "text_original": text,
        "when_edtf": when,
        "source_ids": [world["source"]],
        "topic_ids": [world[topic] for topic in topics],
        **more,
    }
    statement = facts.statements.create(db.session, None, values)
    db.session.commit()
    return statement


def facet_counts(query: TimelineQuery) -> dict[str, dict[str, int]]:
    counted = timeline.facets(db.session, query)
    return {
        name: {value.value: value.count for value in values}
        for name, values in counted.values.items()
    }


def totals_match_facets() -> bool:
    """The kept totals equal a fresh count of the facet rows."""
    fresh = Counter(
        {
            (facet, value): count
            for facet, value, count in db.session.execute(
                select(TimelineFacet.facet, TimelineFacet.value, func.count()).group_by(
                    TimelineFacet.facet, TimelineFacet.value
                )
            )
        }
    )
    kept = Counter(
        {
            (row.facet, row.value): row.entries
            for row in db.session.scalars(select(TimelineFacetTotal))
        }
    )
    return fresh == kept


# -- keyset pagination --------------------------------------------------------------------------


def walk(query: TimelineQuery, size: int) -> list[list[int]]:
    pages, current = [], query
    while True:
        result = timeline.page(db.session, current, size=size)
        pages.append([item.entry_id for item in result.items])
        if result.next_cursor is None:
            return pages
        current = TimelineQuery(**{**current.__dict__, "after": result.next_cursor})


def test_keyset_pages_cover_the_stream_once_in_order_both_ways(app, world):
    with app.app_context():
        days = ["2025-04-12", "2025-04-12", "2025-04-19", "2025-04", "2025-03-01", "2025-04-19"]
        for number, day in enumerate(days * 2):
            say(world, f"Statement {number}", when=day)
        everything = list(
            db.session.execute(
                select(TimelineEntry.id).order_by(
                    TimelineEntry.sort_date.desc(),
                    TimelineEntry.kind.desc(),
                    TimelineEntry.id.desc(),
                )
            ).scalars()
        )
        pages = walk(TimelineQuery(), size=5)
        assert [len(p) for p in pages] == [5, 5, 2]
        assert [entry for page in pages for entry in page] == everything

        oldest = walk(TimelineQuery(order="oldest"), size=5)
        assert [entry for page in oldest for entry in page] == everything[::-1]

        second = timeline.page(
            db.session,
            TimelineQuery(after=timeline.page(db.session, TimelineQuery(), size=5).next_cursor),
            size=5,
        )
        back = timeline.page(db.session, TimelineQuery(before=second.previous_cursor), size=5)
        assert [item.entry_id for item in back.items] == pages[0]
        assert back.is_first


def test_keyset_pages_respect_filters(app, world):
    with app.app_context():
        for number in range(7):
            say(world, f"Factions {number}", topics=["factions"], when=f"2025-04-{number + 1:02d}")
            say(world, f"Sanctions {number}", topics=["sanctions"])
        pages = walk(TimelineQuery(topic=world["factions"]), size=3)
        assert [len(p) for p in pages] == [3, 3, 1]
        whole = timeline.page(db.session, TimelineQuery(topic=world["factions"]), size=10)
        assert [item.entry_id for item in whole.items] == [e for page in pages for e in page]
        assert [item.record.text_original for item in whole.items] == [
            f"Factions {n}" for n in range(6, -1, -1)
        ]


def test_following_the_older_link_walks_the_web_timeline(client, auth, world, app):
    auth.login("viewer")
    with app.app_context():
        for number in range(30):
            say(world, f"Numbered quote {number:02d}", when=f"2025-01-{number + 1:02d}")
    first = client.get("/timeline/")
    assert first.status_code == 200
    assert "Numbered quote 29" in first.text and "Numbered quote 04" not in first.text
    older = first.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(older.replace("&amp;", "&"))
    assert "Numbered quote 04" in second.text and "Numbered quote 00" in second.text
    assert "Numbered quote 29" not in second.text


# -- facets ---------------------------------------------------------------------------------------


def test_facet_counts_for_all_and_for_a_filtered_view(app, world):
    with app.app_context():
        say(world, "One", topics=["factions"])
        say(world, "Two", topics=["factions", "sanctions"], speaker="witkoff")
        say(world, "Three", topics=["sanctions"], verification="confirmed")
        say(world, "Four", negotiation="other", when="2025-05-02")
        negotiations.rounds.create(
            db.session,
            None,
            {"negotiation_id": world["talks"], "number": 1, "when_edtf": "2025-04-12"},
        )
        db.session.commit()

        everything = facet_counts(TimelineQuery())
        assert everything["kind"] == {"statement": 4, "round": 1}
        assert everything["negotiation"] == {str(world["talks"]): 4, str(world["other"]): 1}
        assert everything["topic"] == {str(world["factions"]): 2, str(world["sanctions"]): 2}
        assert everything["person"] == {str(world["araghchi"]): 3, str(world["witkoff"]): 1}
        assert everything["verification"] == {"reported": 3, "confirmed": 1}
        assert timeline.facets(db.session, TimelineQuery()).total == 5

        on_factions = facet_counts(TimelineQuery(topic=world["factions"]))
        assert on_factions["topic"] == {str(world["factions"]): 2, str(world["sanctions"]): 1}
        assert on_factions["person"] == {str(world["araghchi"]): 1, str(world["witkoff"]): 1}
        combined = TimelineQuery(topic=world["sanctions"], verification=Verification.CONFIRMED)
        assert timeline.facets(db.session, combined).total == 1
        in_may = TimelineQuery(date_from=dt.date(2025, 5, 1), date_to=dt.date(2025, 5, 31))
        assert facet_counts(in_may)["negotiation"] == {str(world["other"]): 1}
        months = {m.value: m.count for m in timeline.facets(db.session, TimelineQuery()).months}
        assert months == {"2025-04": 4, "2025-05": 1}


def test_counts_follow_edits_and_deletions(app, world):
    with app.app_context():
        first = say(world, "On factions", topics=["factions"])
        say(world, "Also on factions", topics=["factions"])
        facts.statements.update(
            db.session,
            None,
            first,
            {"topic_ids": [world["sanctions"]], "speaker_id": world["witkoff"]},
        )
        db.session.commit()
        counts = facet_counts(TimelineQuery())
        assert counts["topic"] == {str(world["factions"]): 1, str(world["sanctions"]): 1}
        assert counts["person"] == {str(world["araghchi"]): 1, str(world["witkoff"]): 1}
        assert totals_match_facets()

        facts.statements.delete(db.session, None, first)
        db.session.commit()
        counts = facet_counts(TimelineQuery())
        assert counts["topic"] == {str(world["factions"]): 1}
        assert counts["person"] == {str(world["araghchi"]): 1}
        assert totals_match_facets()

        topic = catalogue.topics.get(db.session, world["factions"])
        catalogue.topics.delete(db.session, None, topic)
        db.session.commit()
        assert "topic" not in {k for k, v in facet_counts(TimelineQuery()).items() if v}
        assert totals_match_facets()


def test_deleting_a_round_removes_its_entry_and_its_outcomes(app, world):
    with app.app_context():
        held = negotiations.rounds.create(
            db.session,
            None,
            {
                "negotiation_id": world["talks"],
                "number": 2,
                "when_edtf": "2025-04-19",
                "status": "held",
            },
        )
        facts.outcomes.create(
            db.session,
            None,
            {
                "round_id": held.id,
                "summary": "Talks were constructive",
                "source_ids": [world["source"]],
            },
        )
        say(world, "Said at the round", round_id=held.id)
        db.session.commit()
        assert facet_counts(TimelineQuery())["kind"] == {"round": 1, "outcome": 1, "statement": 1}
        negotiations.rounds.delete(db.session, None, held)
        db.session.commit()
        assert facet_counts(TimelineQuery())["kind"] == {"statement": 1}
        statement_entry = db.session.scalar(select(TimelineEntry))
        assert statement_entry.round_id is None
        assert totals_match_facets()


# -- what the page shows ----------------------------------------------------------------------------


def test_dates_read_as_precisely_as_they_are_known(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        say(world, "Exact day", when="2025-04-12")
        say(world, "Approximate week", when="2025-04-26~")
        say(world, "Only the month", when="2025-04")
    page = client.get("/timeline/").text
    assert "12 April 2025" in page
    assert "week of 26 April 2025 (expected)" in page
    assert ">April 2025<" in page


def test_entries_of_a_round_sit_under_its_heading(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        rome = negotiations.rounds.create(
            db.session,
            None,
            {
                "negotiation_id": world["talks"],
                "number": 2,
                "title": "Rome",
                "when_edtf": "2025-04-19",
            },
        )
        say(world, "Quote at Rome", when="2025-04-19", round_id=rome.id)
        say(world, "Quote elsewhere", when="2025-04-10")
    page = client.get("/timeline/").text
    (group,) = [
        section.split("</section>")[0]
        for section in page.split('class="round-group"')[1:]
        if "Round 2: Rome" in section.split("</h2>")[0]
    ]
    assert "Quote at Rome" in group and "Quote elsewhere" not in group
    assert "Quote elsewhere" in page


def test_a_round_heading_names_the_round_once(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        rome = negotiations.rounds.create(
            db.session,
            None,
            {
                "negotiation_id": world["talks"],
                "number": 2,
                "title": "Rome",
                "when_edtf": "2025-04-19",
            },
        )
        say(world, "Quote at Rome", when="2025-04-19", round_id=rome.id)
    page = client.get("/timeline/").text
    group = page.split('class="round-group"')[1].split("</section>")[0]
    assert group.count("Round 2: Rome") == 1
    assert 'aria-labelledby="round-group-1"' in group and 'id="round-group-1"' in group
    assert "Quote at Rome" in group
    assert re.search(r'id="entry-round-\d+" aria-labelledby="round-group-1"', group)


def test_verification_badge_and_sources_are_on_each_entry(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        say(world, "Disputed words", verification="disputed")
    page = client.get("/timeline/").text
    assert '<span class="badge badge-disputed">Disputed</span>' in page
    assert f'href="/sources/{world["source"]}"' in page


def test_the_filtered_view_reopens_from_its_url(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        say(world, "Factions quote", topics=["factions"])
        say(world, "Sanctions quote", topics=["sanctions"])
    url = f"/timeline/?topic={world['factions']}&kind=statement&order=oldest"
    page = client.get(url).text
    assert "Factions quote" in page and "Sanctions quote" not in page
    assert "1</strong> entry" in page
    assert 'value="statement" selected' in page
    assert "<strong>oldest first</strong>" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("date_from=12/04/2025", "Enter a date as YYYY-MM-DD."),
        (
            "date_from=2025-05-01&date_to=2025-04-01",
            "The end of the date range is before its start.",
        ),
        ("topic=abc", "Choose a value from the list."),
        ("kind=rumour", "Choose a kind from the list."),
        ("after=not-a-cursor", "This page link is damaged"),
        ("order=sideways", "Order by newest, oldest"),
    ],
)
def test_bad_filters_are_explained_not_crashed_on(client, auth, world, args, message):
    auth.login("viewer")
    response = client.get(f"/timeline/?{args}")
    assert response.status_code == 400
    assert message in response.text


def test_whats_next_shows_postponed_rounds_with_their_first_date(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        later = negotiations.rounds.create(
            db.session,
            None,
            {
                "negotiation_id": world["talks"],
                "number": 4,
                "when_edtf": "2099-05-03",
                "status": "scheduled",
            },
        )
        db.session.commit()
        negotiations.rounds.update(
            db.session, None, later, {"status": "postponed", "when_edtf": "2099-05~"}
        )
        db.session.commit()
    for page in (client.get("/").text, client.get("/timeline/").text):
        assert "What&#39;s next" in page or "What's next" in page
        assert "Round 4" in page and "Postponed" in page
        assert "was 3 May 2099; now May 2099 (expected)" in page


def test_round_chart_tells_statuses_apart(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        for number, status, day in [
            (1, "held", "2025-04-12"),
            (2, "cancelled", "2025-04-19"),
            (3, "announced", "2025-04-26~"),
        ]:
            negotiations.rounds.create(
                db.session,
                None,
                {
                    "negotiation_id": world["talks"],
                    "number": number,
                    "status": status,
                    "when_edtf": day,
                },
            )
        db.session.commit()
    response = client.get(f"/timeline/negotiations/{world['talks']}/rounds.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.text
    assert 'class="round round-held"' in svg and 'class="round round-cancelled"' in svg
    assert 'class="round round-announced"' in svg and "~26 Apr" in svg
    assert client.get("/timeline/negotiations/999/rounds.svg").status_code == 404


def test_a_topic_on_most_entries_is_probed_while_walking_with_the_same_pages(app, world):
    with app.app_context():
        for number in range(9):
            say(world, f"Factions {number}", topics=["factions"], when=f"2025-04-{number + 1:02d}")
        say(world, "Off topic", when="2025-04-05")
        query = TimelineQuery(topic=world["factions"])
        walked = timeline.view_conditions(db.session, query, walk=2)
        fetched = timeline.view_conditions(db.session, query)
        assert "EXISTS" in str(walked[0]) and "EXISTS" not in str(fetched[0])
        pages = walk(query, size=2)
        assert [len(p) for p in pages] == [2, 2, 2, 2, 1]
        whole = timeline.page(db.session, query, size=20)
        assert [item.record.text_original for item in whole.items] == [
            f"Factions {n}" for n in range(8, -1, -1)
        ]
        assert [e for page in pages for e in page] == [item.entry_id for item in whole.items]


def test_the_chosen_dates_read_as_the_app_writes_dates(client, auth, world):
    auth.login("viewer")
    page = client.get("/timeline/?date_from=2025-04-12&date_to=2025-05-01").text
    assert 'aria-describedby="date_from-reads"' in page
    assert '<p class="help" id="date_from-reads"><bdi>12 April 2025</bdi></p>' in page
    assert '<p class="help" id="date_to-reads"><bdi>1 May 2025</bdi></p>' in page
    assert "<bdi>12 April 2025</bdi> – <bdi>1 May 2025</bdi>" in page
