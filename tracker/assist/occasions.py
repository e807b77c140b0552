"""When a statement was made: the date attached to its attribution, not to what was said.

"Araghchi told reporters on Saturday, May 3", "“…,” Baqaei said on Monday", "قال عراقجي يوم
الخميس", "عراقچی روز پنجشنبه گفت": a date beside the speech verb dates the saying. A date inside
the quoted (or reported) words dates what was talked about, so the caller blanks those words
out first. A date after publication is an event ahead, never the day something was said.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from tracker.assist.names import script_of
from tracker.assist.proposals import DateProposal, Span
from tracker.assist.speakers import AR_SPEECH_VERB, EN_SPEECH_VERB

# A subordinate clause between the verb and the date: the date belongs to the clause.
_SUBORDINATE = re.compile(
    r"\b(?:that|whether|if|because|while|when|after|before|until|which|who)\b"
    r"|(?:^|\s)(?:إن|أن|بأن|إنه|أنه|لأن|که|بعد|قبل)(?:\s|$)",
    re.I,
)
_BARRIER = re.compile(r"[\n;:]")
_WORDS_AFTER_VERB = 8  # "وكتب المبعوث الأمريكي ستيف ويتكوف على منصة إكس يوم الثلاثاء"
_WORDS_BEFORE_VERB = 4  # Persian puts the verb last: "روز پنجشنبه به خبرنگاران گفت"
_WORDS_OPENING_SENTENCE = 7  # "On Thursday, Iran's foreign minister Abbas Araghchi said"
_CONTINUING_VERBS = re.compile(r"\b(?:added|adds|continued|went on)\b|أضاف|تابع|افزود|ادامه داد")
# "he said", "said the official": an attribution that names no one new
_GOING_ON = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|added|told|continued|went on|replied|wrote)\b"
    r"|\b(?:said|added)\s+(?:he|she)\b"
    r"|\bthe\s+(?:\w+\s+)?(?:official|diplomat|source|spokesman|spokeswoman|spokesperson)"
    r"\s+(?:said|added)\b"
)


def _words(piece: str) -> int:
    return len(piece.split())


def _day(edtf: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(edtf[:10])
    except ValueError:
        return None


def _closeness(masked: str, sentence: Span, verb: Span, date: DateProposal) -> int | None:
    """How many words part the date from the speech verb when it dates the saying, else None."""
    if verb[1] <= date.span[0]:
        between = masked[verb[1] : date.span[0]]
        if _BARRIER.search(between) or _SUBORDINATE.search(between) or "," in between:
            return None
        return _words(between) if _words(between) <= _WORDS_AFTER_VERB else None
    if date.span[1] <= verb[0]:
        between = masked[date.span[1] : verb[0]]
        if _BARRIER.search(between) or _SUBORDINATE.search(between):
            return None
        opening = not masked[sentence[0] : date.span[0]].strip()
        if opening and between.lstrip().startswith(","):
            # "On Thursday, Araghchi said": the date leads the sentence, the subject follows.
            return _words(between) if _words(between) <= _WORDS_OPENING_SENTENCE else None
        if "," in between or "،" in between:
            return None
        if not between.strip() or (
            script_of(between) != "latin" and _words(between) <= _WORDS_BEFORE_VERB
        ):
            return _words(between)
    return None


def speech_verbs(masked: str, start: int, end: int) -> list[Span]:
    """The speech verbs in masked[start:end], in any of the engine's languages."""
    found = [m.span() for m in EN_SPEECH_VERB.finditer(masked, start, end)]
    found += [m.span() for m in AR_SPEECH_VERB.finditer(masked, start, end)]
    return sorted(found)


def continues_previous(masked: str, sentence: Span) -> bool:
    """True when the sentence names no speaker of its own ("he said", "he added", nothing): its
    words go on from the statement before."""
    if _GOING_ON.search(masked, *sentence):
        return True
    verbs = speech_verbs(masked, *sentence)
    return all(_CONTINUING_VERBS.fullmatch(masked[a:b].lstrip("وف")) for a, b in verbs)


def date_of_saying(
    masked: str,
    sentence: Span,
    dates: Sequence[DateProposal],
    published: dt.date | None,
) -> DateProposal | None:
    """The date the attribution in masked[sentence] gives for the saying, or None.

    ``masked`` is the article with the statement's own words blanked out (``\\0``)."""
    start, end = sentence
    verbs = speech_verbs(masked, start, end)
    if not verbs:
        return None
    best: tuple[int, DateProposal] | None = None
    for date in dates:
        if not (start <= date.span[0] and date.span[1] <= end) or "\0" in masked[slice(*date.span)]:
            continue
        day = _day(date.edtf) if date.edtf else None
        if published is not None and day is not None and day > published:
            continue
        for verb in verbs:
            distance = _closeness(masked, sentence, verb, date)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, date)
    return best[1] if best else None
