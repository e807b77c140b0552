"""Article assist: reads a news article and proposes what an editor might log from it.

Pure Python with no Flask and no database: callers pass what is recorded (people with their
other spellings, rounds, outlets) as small dataclasses and get proposals back, each with the
character spans it came from. Nothing is written; the review page (not built yet) will show the
proposals and write the accepted ones through the ordinary services.
"""

from tracker.assist.html import ExtractedArticle, read_html, read_page
from tracker.assist.proposals import (
    DateProposal,
    KnownOutlet,
    KnownPerson,
    KnownRound,
    Proposals,
    QuoteProposal,
    RoundProposal,
    SourceProposal,
    SpeakerProposal,
)
from tracker.assist.reader import read_article

__all__ = [
    "DateProposal",
    "ExtractedArticle",
    "KnownOutlet",
    "KnownPerson",
    "KnownRound",
    "Proposals",
    "QuoteProposal",
    "RoundProposal",
    "SourceProposal",
    "SpeakerProposal",
    "read_article",
    "read_html",
    "read_page",
]
