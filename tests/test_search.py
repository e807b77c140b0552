"""Full-text search over the timeline: English, Arabic and Persian script, ranked and
highlighted, and an index that follows every edit and deletion, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tracker.extensions import db
from tracker.services import catalogue, facts, negotiations, timeline
from tracker.services.search_text import fold, highlight, query_terms
from tracker.services.timeline import TimelineQuery


@pytest.fixture
def world(app):
    with app.app_context():
        session = db.session
        source = catalogue.sources.create(session, None, {"headline": "Wire report"})
        talks = negotiations.negotiations.create(session, None, {"title": "Iran–US talks"})
        araghchi = catalogue.people.create(
            session, None, {"name": "Abbas Araghchi", "name_original": "عباس عراقچی"}
        )
        pmf = catalogue.organisations.create(
            session,
            None,
            {"name": "Popular Mobilization Forces", "name_original": "الحشد الشعبي"},
        )
        session.commit()
        return {"source": source.id, "talks": talks.id, "araghchi": araghchi.id, "pmf": pmf.id}


def say(world, text, **more):
    values = {
        "negotiation_id": world["talks"],
        "speaker_id": world["araghchi"],
        "text_original": text,
        "when_edtf": "2025-04-12",
        "source_ids": [world["source"]],
        **more,
    }
    statement = facts.statements.create(db.session, None, values)
    db.session.commit()
    return statement


def found(q: str, order: str = "relevance") -> list[str]:
    result = timeline.page(db.session, TimelineQuery(q=q, order=order))
    return [str(item.record) for item in result.items]


def test_folding_unifies_arabic_and_persian_spellings():
    assert fold("عراقچي") == fold("عراقچی")
    assert fold("كتاب") == fold("کتاب")
    assert fold("أحمد") == fold("احمد")
    assert fold("مُحَمَّد") == fold("محمد")
    assert query_terms("Iran's  “talks” OR") == ["iran", "talks", "or"]


def test_highlighting_escapes_the_text_and_marks_every_spelling():
    assert str(highlight("<b>constructive</b> talks", ["construct"])) == (
        "&lt;b&gt;<mark>constructive</mark>&lt;/b&gt; talks"
    )
    assert str(highlight("قال مُحَمَّد", query_terms("محمد"))) == "قال <mark>مُحَمَّد</mark>"
    assert str(highlight("عباس عراقچی", query_terms("عراقچي"))) == "عباس <mark>عراقچی</mark>"
    assert str(highlight("unrelated", [])) == "unrelated"


def test_search_follows_edits_and_deletions(app, world):
    with app.app_context():
        statement = say(world, "The zephyr talks went well")
        assert len(found("zephyr")) == 1
        facts.statements.update(
            db.session, None, statement, {"text_original": "The quasar talks went well"}
        )
        db.session.commit()
        assert found("zephyr") == []
        assert len(found("quasar")) == 1
        facts.statements.delete(db.session, None, statement)
        db.session.commit()
        assert found("quasar") == []


def test_renaming_a_person_reindexes_their_statements(app, world):
    with app.app_context():
        say(world, "We will not negotiate our principles")
        assert len(found("Araghchi")) == 1
        person = catalogue.people.get(db.session, world["araghchi"])
        catalogue.people.update(db.session, None, person, {"name": "Abbas Araqchi"})
        db.session.commit()
        assert found("Araghchi") == []
        assert len(found("Araqchi")) == 1


def test_renaming_a_venue_reindexes_its_rounds(app, world):
    with app.app_context():
        venue = catalogue.venues.create(db.session, None, {"name": "Muscat"})
        negotiations.rounds.create(
            db.session,
            None,
            {"negotiation_id": world["talks"], "number": 1, "venue_id": venue.id},
        )
        db.session.commit()
        assert found("Muscat") == ["Iran–US talks — Round 1"]
        catalogue.venues.update(db.session, None, venue, {"name": "Masqat"})
        db.session.commit()
        assert found("Muscat") == []
        assert found("Masqat") == ["Iran–US talks — Round 1"]


def test_persian_and_arabic_words_find_their_entries(app, world):
    with app.app_context():
        say(world, "On the record")
        facts.developments.create(
            db.session,
            None,
            {
                "negotiation_id": world["talks"],
                "headline": "Factions a point of contention",
                "when_edtf": "2025-04-20",
                "organisation_ids": [world["pmf"]],
                "source_ids": [world["source"]],
            },
        )
        db.session.commit()
        assert found("عراقچی") == [found("Araghchi")[0]]
        assert found("عراقچي") == found("عراقچی")  # Arabic yeh finds the Persian spelling
        assert found("الحشد") == ["Factions a point of contention"]
        assert found("الحشد الشعبي") == ["Factions a point of contention"]


def test_every_word_must_match_and_words_match_as_prefixes(app, world):
    with app.app_context():
        say(world, "The negotiations in Rome were constructive")
        say(world, "The negotiations in Muscat were long")
        assert len(found("negotiat")) == 2
        assert found("negotiations constructive") == [
            "Abbas Araghchi: The negotiations in Rome were constructive"
        ]
        assert found("constructive", order="oldest") == found("constructive")


def test_results_are_ranked(app, world):
    with app.app_context():
        say(world, "Sanctions were mentioned once among many other long topics of the day")
        say(world, "Sanctions, sanctions, sanctions: relief from sanctions")
        assert found("sanctions")[0].endswith("relief from sanctions")


def test_results_page_highlights_the_match(client, auth, app, world):
    auth.login("viewer")
    with app.app_context():
        say(world, "Iranian state media called the talks constructive")
    page = client.get("/timeline/?q=construct").text
    assert "<mark>constructive</mark>" in page
    persian = client.get("/timeline/?q=عراقچي").text
    assert "<mark>عراقچی</mark>" in persian
    assert 'value="عراقچي"' in persian


def test_search_combines_with_filters(app, world):
    with app.app_context():
        topic = catalogue.topics.create(db.session, None, {"name": "Sanctions"})
        db.session.commit()
        say(world, "Relief is possible", topic_ids=[topic.id])
        say(world, "Relief is impossible")
        query = TimelineQuery(q="relief", topic=topic.id)
        assert [str(i.record) for i in timeline.page(db.session, query).items] == [
            "Abbas Araghchi: Relief is possible"
        ]
        assert timeline.facets(db.session, query).total == 1
        assert timeline.facets(db.session, TimelineQuery(q="relief")).total == 2


def test_query_syntax_is_never_an_error(client, auth, world):
    auth.login("viewer")
    for query in ['"unbalanced', "NEAR(a b)", "a* OR -b", "'; DROP TABLE x; --", "*", "!!!"]:
        response = client.get("/timeline/", query_string={"q": query})
        assert response.status_code == 200, query


def test_broad_searches_read_newest_first_and_count_facets_over_everything(app, world, monkeypatch):
    with app.app_context():
        for number in range(4):
            say(world, f"Common word number {number}", when_edtf=f"2025-04-0{number + 1}")
        say(world, "Something else", when_edtf="2025-05-01")
        narrow = timeline.page(db.session, TimelineQuery(q="common", order="relevance"))
        assert not narrow.unranked
        monkeypatch.setattr(timeline, "RANK_LIMIT", 3)
        monkeypatch.setattr(timeline, "FACET_SCAN_LIMIT", 3)
        monkeypatch.setattr(timeline, "BROAD_MATCH", 0)  # and the stream-walking plan
        broad_query = TimelineQuery(q="common", order="relevance")
        broad = timeline.page(db.session, broad_query)
        assert broad.unranked
        assert [str(item.record) for item in broad.items] == [
            f"Abbas Araghchi: Common word number {n}" for n in (3, 2, 1, 0)
        ]
        counted = timeline.facets(db.session, broad_query)
        assert counted.total == 4
        assert counted.over_everything
        assert {v.value: v.count for v in counted.values["kind"]} == {"statement": 5}


def test_a_broad_view_says_more_than_rather_than_counting_everything(
    client, auth, app, world, monkeypatch
):
    auth.login("viewer")
    with app.app_context():
        for number in range(4):
            say(world, f"Common word number {number}")
    monkeypatch.setattr(timeline, "FACET_SCAN_LIMIT", 2)
    monkeypatch.setattr(timeline, "RANK_LIMIT", 2)
    page = client.get("/timeline/?q=common").text
    assert "More than <strong>2</strong> entries" in page
    assert "too many to rank" in page
    assert "counts below are for the whole timeline" in page
