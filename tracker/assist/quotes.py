"""Finding quotations verbatim: straight, curly and guillemet quotes, across paragraphs.

A quote is found by its marks alone, so the words inside are kept exactly as published. An
English quote running over several paragraphs leaves each paragraph unclosed and opens the next
one again; a quote split by a short attribution (“A,” he said. “B.”) becomes one quote in two
parts. Single quotes (‘…’, and straight '…' only where they cannot be apostrophes) are quotes
too, except inside a double-quoted one, where they are part of its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.assist.proposals import Span

_CLOSING = {"“": "”", "«": "»", '"': '"', "„": "“"}
# Copy edited in haste mixes marks (“...\"): the other double quote closes when the right one is
# missing from the paragraph.
_FALLBACK_CLOSING = {"“": '"', '"': "”", "„": "”", "«": "”"}
#: "MUSCAT (Tracker Wire) - ", "طهران (تراكر) - ", "شفق نيوز/ ": the outlet opening a report
DATELINE = re.compile(r"^[^\n(]{0,60}\(([^)\n]{2,40})\)\s*[-–—]|^([^\n/]{2,40})/\s")
# Longest attribution between the two halves of a split quote, in words.
_SPLIT_GAP_WORDS = 15


@dataclass
class FoundQuote:
    """A quotation's parts (inside the marks) and the marks' outer bounds."""

    spans: list[Span]
    opened: int  # index of the first opening mark
    closed: int  # index just after the last closing mark
    gap: Span | None = None  # the attribution between the halves of a split quote
    parts: list[str] = field(default_factory=list)


def paragraphs(text: str) -> list[Span]:
    """The spans of the non-blank lines of the text."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _closing(text: str, opener: str, start: int, end: int) -> int:
    """Where the quote opened by ``opener`` closes within text[start:end], or -1."""
    close_at = text.find(_CLOSING[opener], start, end)
    if close_at == -1 and opener in _FALLBACK_CLOSING:
        close_at = text.find(_FALLBACK_CLOSING[opener], start, end)
    return close_at


def _quotes_in(text: str) -> list[FoundQuote]:
    found: list[FoundQuote] = []
    pending: FoundQuote | None = None  # a quote left open at the end of a paragraph
    for start, end in paragraphs(text):
        index = start
        if pending is not None:
            lead = text[start:end].lstrip()
            opener = lead[:1]
            if opener in _CLOSING:
                index = start + (len(text[start:end]) - len(lead)) + 1
                close_at = _closing(text, opener, index, end)
                if close_at == -1:
                    pending.spans.append((index, end))
                    continue
                pending.spans.append((index, close_at))
                pending.closed = close_at + 1
                found.append(pending)
                index = close_at + 1
            pending = None
        while index < end:
            match = re.compile(r"[“«\"„]").search(text, index, end)
            if not match:
                break
            close_at = _closing(text, match.group(), match.end(), end)
            if close_at == -1:
                pending = FoundQuote(spans=[(match.end(), end)], opened=match.start(), closed=end)
                break
            found.append(
                FoundQuote(
                    spans=[(match.end(), close_at)], opened=match.start(), closed=close_at + 1
                )
            )
            index = close_at + 1
    return [quote for quote in found if any(text[a:b].strip() for a, b in quote.spans)]


# A single quote opens at the start of a word and closes at the end of one: ’ and ' between two
# letters (Iran’s, don't) or after a space are apostrophes, never marks.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))([‘'])(?=[^\W\d_])", re.M)
_SINGLE_CLOSE = {
    "‘": re.compile(r"(?<=[^\s‘])’(?![^\W_])"),
    "'": re.compile(r"(?<=[^\s'])'(?![^\W_])"),
}
# A straight pair further apart than this is two apostrophes, not a quote.
_STRAIGHT_SINGLE_LONGEST = 300


def _single_quotes_in(text: str, taken: list[FoundQuote]) -> list[FoundQuote]:
    """Single-quoted words outside every double-quoted quote, within one paragraph."""
    found: list[FoundQuote] = []
    outside = [(quote.opened, quote.closed) for quote in taken]
    for start, end in paragraphs(text):
        index = start
        while index < end:
            match = _SINGLE_OPEN.search(text, index, end)
            if not match:
                break
            opener = match.group(1)
            if any(a <= match.start() < b for a, b in outside):
                index = match.end()
                continue
            limit = end if opener == "‘" else min(end, match.end() + _STRAIGHT_SINGLE_LONGEST)
            close = _SINGLE_CLOSE[opener].search(text, match.end(), limit)
            if not close or any(a <= close.start() < b for a, b in outside):
                index = match.end()
                continue
            found.append(
                FoundQuote(
                    spans=[(match.end(), close.start())], opened=match.start(), closed=close.end()
                )
            )
            index = close.end()
    return found


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_short_attribution(gap: str) -> bool:
    """True for ' he said. ' between two halves of one quote: one short sentence."""
    stripped = gap.strip()
    if "\n" in gap or not stripped.endswith((".", ":")):
        return False
    one_sentence = not re.search(r"(?<![A-Z])[.!?]\s", stripped[:-1])
    return one_sentence and len(stripped.split()) <= _SPLIT_GAP_WORDS


def find_quotes(text: str) -> list[FoundQuote]:
    """Every quotation in the text in order, split quotes joined."""
    quotes = _quotes_in(text)
    quotes = sorted([*quotes, *_single_quotes_in(text, quotes)], key=lambda quote: quote.opened)
    joined: list[FoundQuote] = []
    for quote in quotes:
        quote.spans = [_trim(text, span) for span in quote.spans]
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.gap is None
            and len(previous.spans) == 1
            and text[slice(*previous.spans[-1])].rstrip().endswith((",", "،"))
            and _is_short_attribution(text[previous.closed : quote.opened])
        ):
            previous.gap = (previous.closed, quote.opened)
            previous.spans.extend(quote.spans)
            previous.closed = quote.closed
            continue
        joined.append(quote)
    for quote in joined:
        quote.parts = [text[a:b] for a, b in quote.spans]
    return joined
