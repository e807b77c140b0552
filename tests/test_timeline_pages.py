"""Person, organisation and topic pages: who said what, over time, and where each party stood
on a topic from one round to the next."""

from __future__ import annotations

import pytest

from tracker.extensions import db
from tracker.services import catalogue, facts, negotiations, positions


@pytest.fixture
def talks(app):
    """Two rounds, two parties and their spokespeople on one topic."""
    with app.app_context():
        session = db.session
        washington = catalogue.organisations.create(
            session, None, {"name": "United States", "kind": "state"}
        )
        tehran = catalogue.organisations.create(session, None, {"name": "Iran", "kind": "state"})
        source = catalogue.sources.create(session, None, {"headline": "Wire report"})
        negotiation = negotiations.negotiations.create(session, None, {"title": "Iran–US talks"})
        factions = catalogue.topics.create(session, None, {"name": "Iraq's armed factions"})
        envoy = catalogue.people.create(
            session, None, {"name": "Steve Witkoff", "organisation_id": washington.id}
        )
        minister = catalogue.people.create(
            session,
            None,
            {
                "name": "Abbas Araghchi",
                "name_original": "عباس عراقچی",
                "organisation_id": tehran.id,
            },
        )
        muscat = negotiations.rounds.create(
            session,
            None,
            {
                "negotiation_id": negotiation.id,
                "number": 1,
                "title": "Muscat",
                "when_edtf": "2025-04-12",
            },
        )
        rome = negotiations.rounds.create(
            session,
            None,
            {
                "negotiation_id": negotiation.id,
                "number": 2,
                "title": "Rome",
                "when_edtf": "2025-04-19",
            },
        )
        negotiations.participations.create(
            session, None, {"round_id": rome.id, "person_id": minister.id, "side_id": tehran.id}
        )
        quotes = [
            (envoy, "The factions must be disbanded", "2025-04-01", "supports", None),
            (minister, "The factions are an Iraqi matter", "2025-04-12", "opposes", muscat.id),
            (envoy, "We can discuss a gradual path", "2025-04-15", "mixed", None),
            (minister, "We may talk about it", "2025-04-22", "mixed", None),
        ]
        for speaker, text, day, stance, round_id in quotes:
            facts.statements.create(
                session,
                None,
                {
                    "negotiation_id": negotiation.id,
                    "round_id": round_id,
                    "speaker_id": speaker.id,
                    "text_original": text,
                    "when_edtf": day,
                    "stance": stance,
                    "topic_ids": [factions.id],
                    "source_ids": [source.id],
                },
            )
        session.commit()
        return {
            "topic": factions.id,
            "washington": washington.id,
            "tehran": tehran.id,
            "envoy": envoy.id,
            "minister": minister.id,
        }


def test_topic_positions_are_grouped_by_party_and_placed_between_rounds(app, talks):
    with app.app_context():
        topic = catalogue.topics.get(db.session, talks["topic"])
        parties = positions.topic_positions(db.session, topic)
        layout = {
            party.party: [
                (period, [p.statement.text_original for p in group])
                for period, group in party.periods
            ]
            for party in parties
        }
    assert layout == {
        "United States": [
            ("Before Round 1: Muscat", ["The factions must be disbanded"]),
            ("After Round 1: Muscat", ["We can discuss a gradual path"]),
        ],
        "Iran": [
            ("At Round 1: Muscat", ["The factions are an Iraqi matter"]),
            ("After Round 2: Rome", ["We may talk about it"]),
        ],
    }


def test_a_month_long_date_is_not_placed_before_the_rounds_it_spans(app, talks):
    with app.app_context():
        session = db.session
        facts.statements.create(
            session,
            None,
            {
                "negotiation_id": 1,
                "speaker_id": talks["envoy"],
                "text_original": "Said some time in April",
                "when_edtf": "2025-04",
                "topic_ids": [talks["topic"]],
                "source_ids": [1],
            },
        )
        session.commit()
        topic = catalogue.topics.get(session, talks["topic"])
        periods = {
            p.statement.text_original: p.period
            for party in positions.topic_positions(session, topic)
            for p in party.positions
        }
    assert periods["Said some time in April"] == "Around Round 1: Muscat – Round 2: Rome"


def test_topic_page_shows_each_party_with_its_stances(client, auth, talks):
    auth.login("viewer")
    page = client.get(f"/topics/{talks['topic']}").text
    assert "Positions over time, party by party" in page
    washington = page.split(">United States</a></h3>")[1].split("</section>")[0]
    assert "The factions must be disbanded" in washington
    assert "We may talk about it" not in washington
    assert "mixed ×1 · supports ×1" in washington
    assert f'href="/timeline/?topic={talks["topic"]}"' in page


def test_person_page_lists_statements_over_time_and_rounds_attended(client, auth, talks):
    auth.login("viewer")
    page = client.get(f"/people/{talks['minister']}").text
    attended = page.split("Rounds attended")[1].split("</ul>")[0]
    assert "Round 2: Rome" in attended and "Round 1" not in attended
    over_time = page.split("statements-over-time")[1]
    assert over_time.index("The factions are an Iraqi matter") < over_time.index(
        "We may talk about it"
    )
    assert "Iraq&#39;s armed factions" in over_time


def test_organisation_page_shows_its_timeline_oldest_first(client, auth, talks):
    auth.login("viewer")
    page = client.get(f"/organisations/{talks['tehran']}").text
    stream = page.split("<h2>Over time</h2>")[1]
    assert stream.index("The factions are an Iraqi matter") < stream.index("We may talk about it")
    assert "The factions must be disbanded" not in stream
    assert "Round 2: Rome" in stream  # Tehran sat at Rome
