"""The article cut into plain and marked pieces, so a page can highlight each proposal's words.

Spans travel through the review form as text (``"12-40 55-61"``); :func:`parse_spans` reads them
back defensively, since a form field can hold anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.assist.proposals import Span


@dataclass(frozen=True)
class Mark:
    """Words to highlight: ``id`` is the element's id, ``kind`` its class (quote, speaker…),
    ``proposal`` the form row it belongs to."""

    span: Span
    id: str
    kind: str
    proposal: str


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None = None


def format_spans(spans: list[Span] | tuple[Span, ...]) -> str:
    return " ".join(f"{start}-{end}" for start, end in spans)


def parse_spans(written: str | None, length: int) -> list[Span]:
    """The spans in ``written`` that fit a text of ``length`` characters; anything else is
    dropped rather than trusted."""
    spans = []
    for pair in (written or "").split():
        start, _, end = pair.partition("-")
        if start.isdigit() and end.isdigit() and int(start) < int(end) <= length:
            spans.append((int(start), int(end)))
    return spans


def pieces(text: str, marks: list[Mark]) -> list[Piece]:
    """``text`` as consecutive pieces, the marked ones carrying their mark. Where marks
    overlap the earlier one wins and the later is left out."""
    result = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.span[0], -m.span[1])):
        start, end = mark.span
        if start < position or end > len(text):
            continue
        if start > position:
            result.append(Piece(text[position:start]))
        result.append(Piece(text[start:end], mark))
        position = end
    if position < len(text):
        result.append(Piece(text[position:]))
    return result
