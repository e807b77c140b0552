"""The demo story holds the Shafaq News article: every round, person, venue, outcome and quote,
each quote word for word and tied to the article as its source."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.demo import load_demo, story
from tracker.extensions import db
from tracker.models import (
    Development,
    Negotiation,
    Person,
    ReportedOutcome,
    Round,
    RoundStatus,
    Source,
    Statement,
    User,
)

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def counts(session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (
            Negotiation,
            Round,
            Person,
            Statement,
            ReportedOutcome,
            Development,
            Source,
            User,
        )
    }


def test_loading_twice_changes_nothing(session):
    first = load_demo(session)
    session.commit()
    before = counts(session)
    second = load_demo(session)
    session.commit()
    assert first.created["statement"] == len(story.QUOTES)
    assert not second.created
    assert counts(session) == before


def test_rounds_as_the_article_reports_them(session, demo):
    rounds = session.scalars(select(Round).order_by(Round.number)).all()
    assert [(r.number, r.status, r.venue.city if r.venue else None) for r in rounds] == [
        (1, RoundStatus.HELD, "Muscat"),
        (2, RoundStatus.HELD, "Rome"),
        (3, RoundStatus.ANNOUNCED, None),
    ]
    assert rounds[0].when_display == "12 April 2025"
    assert rounds[2].when_display == "the coming weekend (week of 26 April 2025 (expected))"
    assert rounds[1].venue.country_code == "IT"


def test_every_fact_cites_the_article(session, demo):
    article = session.scalar(select(Source).where(Source.headline == story.ARTICLE_HEADLINE))
    for model in (Statement, ReportedOutcome, Development):
        for fact in session.scalars(select(model)):
            assert article in fact.sources


def test_the_rome_outcome_and_who_reported_it(session, demo):
    outcome = session.scalar(select(ReportedOutcome))
    assert outcome.round.number == 2
    assert "constructive" in outcome.summary
    assert outcome.reported_by.name == "Iranian state media"


@pytest.mark.skipif(not ARTICLE.is_dir(), reason="the shared seed article is not beside the repo")
def test_every_quote_is_word_for_word_from_the_article(session, demo):
    text = "".join(path.read_text() for path in ARTICLE.glob("*.txt"))
    quotes = session.scalars(select(Statement)).all()
    assert len(quotes) == len(story.QUOTES)
    for quote in quotes:
        assert quote.text_original in text, quote.text_original


def test_speakers_show_their_role_at_the_time(session, demo):
    azizi = session.scalar(select(Person).where(Person.name == "Mehdi Azizi"))
    assert azizi.name_original == "مهدی عزیزی"
    assert azizi.statements[0].speaker_label == (
        "Mehdi Azizi, Director of the New Vision Center for Studies and Media"
    )


def test_demo_accounts_only_with_the_demo(session):
    assert session.scalar(select(func.count()).select_from(User)) == 0
    load_demo(session, with_accounts=False)
    assert session.scalar(select(func.count()).select_from(User)) == 0
    load_demo(session)
    emails = set(session.scalars(select(User.email)))
    assert emails == {"admin@example.org", "editor@example.org", "viewer@example.org"}
    session.rollback()
    db.session.close()
