"""Reading one article: quotes and their speakers, dates, rounds and the source."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import pairwise

from tracker.assist.dates import find_dates
from tracker.assist.names import fold, script_of
from tracker.assist.occasions import continues_previous, date_of_saying
from tracker.assist.proposals import (
    KnownOutlet,
    KnownPerson,
    KnownRound,
    Proposals,
    QuoteProposal,
    SourceProposal,
    Span,
)
from tracker.assist.quotes import DATELINE, find_quotes, paragraphs
from tracker.assist.reported import ReportedSpeechReader
from tracker.assist.rounds import find_rounds
from tracker.assist.speakers import SpeakerReader

# A full stop ends a sentence unless it closes an initial or a short title (U.S., Dr.).
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\bvs)[.!?؟]+[”\"»’]?(?=\s|$)"
)


def sentences_of(text: str) -> list[Span]:
    """Sentence spans within paragraphs; a heading line is one sentence."""
    spans = []
    for start, end in paragraphs(text):
        begin = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if _inside_quote(text, begin, match.end()):
                continue
            spans.append((begin, match.end()))
            begin = match.end()
            while begin < end and text[begin].isspace():
                begin += 1
        if begin < end:
            spans.append((begin, end))
    return spans


def _inside_quote(text: str, start: int, position: int) -> bool:
    """True when a quote opened in text[start:position] is still open at position."""
    piece = text[start:position]
    return (
        piece.count("“") > piece.count("”")
        or piece.count("«") > piece.count("»")
        or piece.count('"') % 2 == 1
    )


def _mask_quotes(text: str, quotes) -> str:
    """The text with quoted words blanked out, so attributions are read outside quotes."""
    return _mask(text, [span for quote in quotes for span in quote.spans])


def _mask(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for a, b in spans:
        for index in range(a, b):
            if chars[index] != "\n":
                chars[index] = "\0"
    return "".join(chars)


def _body_start(text: str) -> int:
    """Where the article's body starts: after its headline line, if it has one."""
    first = paragraphs(text)[:1]
    if first and _headline(text) and text[slice(*first[0])].strip() == _headline(text):
        return first[0][1]
    return 0


def _language(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    if letters and arabic / len(letters) > 0.5:
        return "fa" if script_of(text) == "persian" else "ar"
    return "en"


def _headline(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if first and not first.endswith((".", "”", '"', "»")) and len(first) < 200 else ""


def _outlet(text: str, outlets: list[KnownOutlet]) -> tuple[str, KnownOutlet | None]:
    written = ""
    for start, end in paragraphs(text)[:4]:
        match = DATELINE.match(text[start:end])
        if match:
            written = (match.group(1) or match.group(2)).strip()
            break
    for outlet in outlets:
        spellings = [outlet.name, *outlet.aliases]
        if written and any(fold(written) == fold(s) for s in spellings):
            return written, outlet
    for outlet in outlets:
        for spelling in [outlet.name, *outlet.aliases]:
            if spelling and spelling in text[:300]:
                return written or spelling, outlet
    return written, None


def _date_continuations(proposals: list[QuoteProposal], continuing: list[QuoteProposal]) -> None:
    """'Baqaei said on Thursday that …. “…,” he added.': a quote that only goes on from the
    same speaker's statement before it was said on the same occasion."""
    for before, proposal in pairwise(proposals):
        if (
            proposal.when is None
            and any(proposal is other for other in continuing)
            and before.speaker is not None
            and proposal.speaker is not None
            and before.speaker.label == proposal.speaker.label
        ):
            proposal.when = before.when


def _reported_speech(
    text: str,
    masked: str,
    sentences: list[Span],
    reader: SpeakerReader,
    dates: list,
    published: dt.date | None,
) -> list[QuoteProposal]:
    """Unquoted reported speech, as statements dated by their attribution."""
    found = []
    for reported in ReportedSpeechReader(text, masked, reader).find(sentences, _body_start(text)):
        attribution = _mask(masked, reported.clauses)
        found.append(
            QuoteProposal(
                parts=[text[slice(*clause)] for clause in reported.clauses],
                spans=list(reported.clauses),
                speech="reported",
                speaker=reported.speaker,
                when=date_of_saying(attribution, reported.attribution, dates, published),
                quoted=False,
            )
        )
    return found


def read_article(
    text: str,
    *,
    published: dt.date | None = None,
    language: str | None = None,
    known_people: Sequence[KnownPerson] = (),
    known_rounds: Sequence[KnownRound] = (),
    known_outlets: Sequence[KnownOutlet] = (),
    headline: str | None = None,
    link: str = "",
) -> Proposals:
    """Everything worth logging from an article, as proposals for an editor to review.

    Pure: reads only its arguments and writes nothing. ``published`` anchors relative dates;
    without it relative dates are proposed with an empty EDTF.
    """
    text = text.replace("\r\n", "\n")
    quotes = find_quotes(text)
    sentences = sentences_of(text)
    masked = _mask_quotes(text, quotes)
    body_start = _body_start(text)
    reader = SpeakerReader(text, list(known_people))
    reader.scan_mentions(sentences, masked)
    dates = find_dates(text, published)
    proposals: list[QuoteProposal] = []
    continuing: set[int] = set()  # quotes whose attribution is only "he said" or none
    previous = None
    for quote in quotes:
        if quote.opened < body_start:
            continue  # a headline's quote repeats the body's
        sentence = next(
            (s for s in sentences if s[0] <= quote.opened < s[1]), (quote.opened, quote.closed)
        )
        paragraph = next(p for p in paragraphs(text) if p[0] <= quote.opened < p[1])
        before = masked[paragraph[0] : quote.opened].rstrip(" \t")
        direct = (
            not before
            or before.endswith((".", "!", "?", ":", "؟", "\0"))
            or (quote.opened == sentence[0])
        )
        closing_sentence = next(
            (s for s in sentences if s[0] <= quote.closed - 1 < s[1]), (quote.closed, quote.closed)
        )
        speaker = reader.attribute(quote, sentence, closing_sentence, previous)
        if speaker is not None:
            reader.remember(speaker, quote.closed)
        region = (sentence[0], max(closing_sentence[1], quote.closed))
        when = date_of_saying(masked, region, dates, published)
        if when is None and continues_previous(masked, region):
            continuing.add(len(proposals))
        proposals.append(
            QuoteProposal(
                parts=list(quote.parts),
                spans=list(quote.spans),
                speech="direct" if direct else "reported",
                speaker=speaker,
                when=when,
            )
        )
        previous = speaker
    marked = [proposals[index] for index in continuing]
    proposals += _reported_speech(text, masked, sentences, reader, dates, published)
    proposals.sort(key=lambda proposal: proposal.spans[0])
    _date_continuations(proposals, marked)
    announced = published.isoformat() if published else None
    rounds = find_rounds(text, sentences, list(known_rounds), announced, dates)
    outlet_written, outlet = _outlet(text, list(known_outlets))
    source = SourceProposal(
        headline=headline if headline is not None else _headline(text),
        published=published,
        language=language or _language(text),
        outlet_written=outlet_written,
        outlet=outlet,
        link=link,
    )
    return Proposals(text=text, source=source, quotes=proposals, dates=dates, rounds=rounds)
