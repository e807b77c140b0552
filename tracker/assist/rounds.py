"""Rounds named by ordinal ("the fourth round", "الجولة الرابعة", "دور پنجم") and their news.

The status verb is looked for in the mention's own clause first, then in the rest of the
sentence, and last in clauses that only describe the round (", due to be held on Saturday,",
"التي كان من المقرر عقدها"), so "the fourth round, due to be held on Saturday, has been
postponed" reads as postponed and "held a fourth round ... after it was postponed" as held.
"""

from __future__ import annotations

import re

from tracker.assist.proposals import DateProposal, KnownRound, RoundProposal, Span

_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_AR_ORDINALS = {
    "الأولى": 1, "الاولى": 1, "أولى": 1, "الثانية": 2, "ثانية": 2, "الثالثة": 3, "ثالثة": 3,
    "الرابعة": 4, "رابعة": 4, "الخامسة": 5, "خامسة": 5, "السادسة": 6, "سادسة": 6,
    "السابعة": 7, "سابعة": 7, "الثامنة": 8, "ثامنة": 8, "التاسعة": 9, "تاسعة": 9,
    "العاشرة": 10, "عاشرة": 10,
    "اول": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7,
    "هشتم": 8, "نهم": 9, "دهم": 10,
}  # fmt: skip
_EN_ORDINAL = "|".join(_EN_ORDINALS)
_MENTIONS = [
    re.compile(
        rf"\b(?:(?:the|a|an|their|its)\s+)?({_EN_ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))\s+round\b", re.I
    ),
    re.compile(rf"\bround\s+({_EN_ORDINAL}|\d{{1,2}})\b", re.I),
    re.compile(r"(?<!\w)(?:ال)?جولة\s+(?:ال)?(\S+)"),
    re.compile(r"(?<!\w)دور\s+(\S+)"),
]

# (pattern, status); earlier entries win at equal distance.
_STATUS_WORDS = [
    (r"will not take place|won't take place|not take place|called off|cancel+ed|cancel+ation|scrapped|لن\s+تعقد|لن\s+تجري|إلغاء|ألغيت|أُلغيت|لغو\s+شد", "cancelled"),
    (r"postpone[ds]?|postponement|delayed|put off|pushed back|rescheduled|rescheduling|تأجيل|تأجلت|أرجئت|إرجاء|تأجيلها|به\s+تعویق", "postponed"),
    (r"will take place|will be held|will hold|to hold|to be held|scheduled|set for|set to|planned|expected|due to|المقرر|مقررة|مقرر|ستعقد|ستجري|برگزار\s+خواهد", "scheduled"),
    (r"concluded|conclusion|concludes|ended|ends|wrapped up|took place|held|hold|اختتمت|اختتام|انتهت|عقدت|عُقدت|جرت|برگزار\s+شد", "held"),
]  # fmt: skip
_STATUS = [
    (re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I), status) for words, status in _STATUS_WORDS
]
_DESCRIPTIVE_CLAUSE = re.compile(
    r"^\s*(?:due|planned|scheduled|set|originally|initially|which|that|who|after|before|"
    r"following|since|التي|الذي|بعد|قبل|المقرر)\b"
)


def _ordinal(word: str) -> int | None:
    word = word.strip('،,.:;«»"').casefold()
    if word in _EN_ORDINALS:
        return _EN_ORDINALS[word]
    if word in _AR_ORDINALS:
        return _AR_ORDINALS[word]
    digits = re.match(r"(\d{1,2})", word)
    return int(digits.group(1)) if digits else None


def _clauses(text: str, sentence: Span) -> list[Span]:
    start, end = sentence
    spans, begin = [], start
    for match in re.finditer(r"[,،;:—]", text[start:end]):
        spans.append((begin, start + match.start()))
        begin = start + match.end()
    spans.append((begin, end))
    return spans


def _status(text: str, sentence: Span, mention: Span) -> tuple[str, Span] | None:
    clauses = _clauses(text, sentence)
    own = next((c for c in clauses if c[0] <= mention[0] < c[1] + 1), sentence)
    others = [c for c in clauses if c != own]
    main = [c for c in others if not _DESCRIPTIVE_CLAUSE.match(text[slice(*c)])]
    descriptive = [c for c in others if c not in main]
    for group in ([own], main, descriptive):
        best: tuple[int, str, Span] | None = None
        for clause in group:
            for pattern, status in _STATUS:
                for match in pattern.finditer(text, *clause):
                    if mention[0] <= match.start() < mention[1]:
                        continue
                    distance = min(abs(match.start() - mention[1]), abs(mention[0] - match.end()))
                    if best is None or distance < best[0]:
                        best = (distance, status, match.span())
        if best:
            return best[1], best[2]
    return None


def find_rounds(
    text: str,
    sentences: list[Span],
    known: list[KnownRound],
    announced: str | None,
    dates: list[DateProposal],
) -> list[RoundProposal]:
    """One proposal per round number: the first mention that carries news, else the first."""
    by_number: dict[int, RoundProposal] = {}
    for pattern in _MENTIONS:
        for match in pattern.finditer(text):
            number = _ordinal(match.group(1))
            if number is None:
                continue
            sentence = next((s for s in sentences if s[0] <= match.start() < s[1]), None)
            if sentence is None:
                continue
            found = _status(text, sentence, match.span())
            status, status_span = found if found else (None, None)
            candidates = [r for r in known if r.number == number]
            proposal = RoundProposal(
                wording=match.group(0),
                span=match.span(),
                number=number,
                round=candidates[0] if len(candidates) == 1 else None,
                status=status,
                status_wording=text[slice(*status_span)] if status_span else "",
                status_span=status_span,
                announced=announced if status else None,
                when=next((d for d in dates if sentence[0] <= d.span[0] < sentence[1]), None),
            )
            current = by_number.get(number)
            if (
                current is None
                or (current.status is None and status is not None)
                or (current.status == status and match.start() < current.span[0])
            ):
                by_number[number] = proposal
    return sorted(by_number.values(), key=lambda r: r.span)
