"""Unquoted reported speech: "Araghchi said the talks were constructive", "قال عراقجي إن ...".

A sentence without quotation marks is a statement when a named person or an unnamed official
says something in it: the subject and speech verb lead ("Baqaei told reporters on Monday that
CLAUSE", "وقال بقائي إن CLAUSE", "عراقچی گفت که CLAUSE") or follow the clause ("CLAUSE,
Araghchi said on Thursday."). The clause is proposed as written, without the sentence's full
stop. A body ("Tehran said", "state media reported") reports; it is not proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.assist.names import script_of
from tracker.assist.proposals import Span, SpeakerProposal
from tracker.assist.quotes import DATELINE
from tracker.assist.speakers import SpeakerReader

_EN_SAYING = re.compile(
    r"\b(?:said|says|told|tells|added|stated|warned|stressed|noted|insisted|argued|confirmed|"
    r"announced|explained|acknowledged|asserted|declared|emphasized|emphasised|cautioned|"
    r"wrote|believes|according to)\b"
)
_AR_SAYING = re.compile(
    r"(?:^|(?<=\s))[وف]?(?:قال|قالت|أكد|أكّد|أكدت|أعلن|أعلنت|أوضح|أوضحت|أضاف|أضافت|صرح|صرّح|"
    r"صرحت|ذكر|ذكرت|شدد|شدّد|شددت|أشار|أشارت|اعتبر|اعتبرت)(?=\s)"
)
_AR_THAT = re.compile(r"(?:^|(?<=\s))(?:(إن|أن|بأن)|إنه|أنه|إنها|أنها)(?=\s)")
_FA_SAYING = re.compile(
    r"(?:^|(?<=\s))(?:گفت|افزود|اعلام کرد|تاکید کرد|تأکید کرد)(?:\s*:\s*|\s+که\s+)"
)
_THAT = re.compile(r"\bthat\s+", re.I)
_WORDS_BEFORE_THAT = 8  # "said in a statement on Thursday that"
_AR_WORDS_BEFORE_THAT = 12  # "وقال وزير الخارجية الإيراني عباس عراقجي يوم الخميس إن"
_SHORTEST_CLAUSE = 3  # words
_LONGEST_TAIL = 6
_LONGEST_SUBJECT = 12  # "Esmaeil Baqaei, Iran's foreign ministry spokesman, said"  # "CLAUSE, Araghchi said in a statement on Thursday."
_NOT_A_CLAUSE = {
    "in", "at", "on", "during", "after", "before", "to", "with", "from", "of", "by", "for",
    "as", "about", "and", "but", "so", "nothing", "yes", "no", "goodbye", "reporters",
}  # fmt: skip
_TOLD_WHOM = re.compile(
    r"\s*(?:reporters|journalists|lawmakers|parliament|(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){1,3}"
    r"|(?:state|local|Iranian|Omani|US|American)\s+(?:media|TV|television|radio))\s*"
)
_SPEAKERS = ("person", "anonymous")
_CIRCUMSTANCE = {
    "in", "on", "at", "to", "a", "an", "the", "his", "her", "its", "their", "statement",
    "interview", "reporters", "journalists", "lawmakers", "senators", "parliament", "briefing",
    "press", "conference", "news", "post", "posts", "television", "tv", "radio", "state",
    "media", "late", "early", "earlier", "later", "also", "last", "this", "week", "month",
    "weekly", "separately", "after", "during", "meeting", "talks", "call", "phone", "with",
    "counterpart", "x", "social", "message",
}  # fmt: skip
# Verbs whose reported clause may come without "that"; other verbs take a noun as readily.
_BARE_CLAUSE_VERBS = {"said", "says", "told", "tells", "added"}
_PRONOUN_SUBJECT = re.compile(r"\s*(?:he|she|they|we|it|there)\s", re.I)
_SUBJECT_THEN_DATE = re.compile(
    r"\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*$"
)
_SAID_WHEN = re.compile(
    r"\s*(?:(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|today|yesterday)\b\s*"
)


@dataclass
class ReportedSpeech:
    """A clause someone was reported as saying, with where the attribution is."""

    clauses: list[Span]  # one, or two around a parenthetical "he explained"
    speaker: SpeakerProposal
    attribution: Span  # the whole sentence minus the clause: where its date may be


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t,،":
        start += 1
    while end > start and text[end - 1] in " \t.؛;،,":
        end -= 1
    return start, end


def _is_clause(text: str, span: Span) -> bool:
    words = text[slice(*span)].split()
    return len(words) >= _SHORTEST_CLAUSE and words[0].casefold() not in _NOT_A_CLAUSE


class ReportedSpeechReader:
    """Finds reported speech sentence by sentence, using the quote reader's speaker rules."""

    def __init__(self, text: str, masked: str, speakers: SpeakerReader) -> None:
        self.text = text
        self.masked = masked
        self.speakers = speakers

    def find(self, sentences: list[Span], body_start: int) -> list[ReportedSpeech]:
        found = []
        for start, end in sentences:
            piece = self.masked[start:end]
            if start < body_start or "\0" in piece or re.search(r"[\"“”«»]", piece):
                continue  # the headline, or a sentence with quotes: those are proposed as quotes
            if not piece.rstrip().endswith((".", "!", "؟", "?")):
                continue
            dateline = DATELINE.match(self.text[start:end])
            if dateline:
                start += dateline.end()
                while start < end and self.text[start].isspace():
                    start += 1
            reading = (
                self._english(start, end)
                if script_of(piece) == "latin"
                else self._arabic(start, end) or self._persian(start, end)
            )
            if reading is not None and reading.speaker.kind in _SPEAKERS:
                found.append(reading)
        return found

    def _english(self, start: int, end: int) -> ReportedSpeech | None:
        return self._leading(start, end) or self._trailing(start, end)

    def _leading(self, start: int, end: int) -> ReportedSpeech | None:
        """'SUBJECT [on Tuesday] said [that] CLAUSE.' or 'According to SUBJECT, CLAUSE.'"""
        if self.text.startswith("According to ", start):
            return self._according_to(start + len("According to "), end)
        verb = _EN_SAYING.search(self.text, start, end)
        if verb is None or verb.group() == "according to":
            return None
        if len(self.text[start : verb.start()].split()) > _LONGEST_SUBJECT:
            return None
        subject_end = verb.start()
        when = _SUBJECT_THEN_DATE.search(self.text, start, subject_end)
        if when:
            subject_end = when.start()  # "Marco Rubio on Tuesday told lawmakers"
        speaker = self.speakers.subject(start, subject_end)
        clause_start = self._after_verb(verb.group(), verb.end(), end)
        if speaker is None or clause_start is None:
            return None
        clause = _trim(self.text, clause_start, end)
        if self.text[clause_start:end].lstrip()[:1] in (",", "،") or not _is_clause(
            self.text, clause
        ):
            return None
        return ReportedSpeech([clause], speaker, (start, end))

    def _after_verb(self, verb: str, position: int, end: int) -> int | None:
        """Where the reported clause starts after the verb: after "that" when it comes soon,
        else (after "said" or "told reporters" only) after the date of the saying."""
        that = _THAT.search(self.text, position, end)
        if that and self._only_circumstance(position, that.start()):
            return that.end()
        pronoun = _PRONOUN_SUBJECT.match(self.text, position, end)
        if verb not in _BARE_CLAUSE_VERBS and not pronoun:
            return None  # "emphasized their objective": a noun, not a clause
        if verb in ("told", "tells"):
            whom = _TOLD_WHOM.match(self.text, position, end)
            if not whom:
                return None
            position = whom.end()
        date = _SAID_WHEN.match(self.text, position, end)
        return date.end() if date else position

    def _only_circumstance(self, start: int, end: int) -> bool:
        """True when text[start:end] only says to whom, where or when ("in a statement on
        Thursday", "reporters", "the BBC"): the "that" after it opens the reported clause, not a
        relative clause ("wanted an agreement that")."""
        words = self.text[start:end].split()
        return len(words) <= _WORDS_BEFORE_THAT and all(
            word[:1].isupper()
            or word.strip(".,").isdigit()
            or word.casefold().strip(".,") in _CIRCUMSTANCE
            for word in words
        )

    def _according_to(self, start: int, end: int) -> ReportedSpeech | None:
        comma = self.text.find(",", start, end)
        if comma == -1:
            return None
        speaker = self.speakers.subject(start, comma)
        clause = _trim(self.text, comma + 1, end)
        if speaker is None or not _is_clause(self.text, clause):
            return None
        return ReportedSpeech([clause], speaker, (start, end))

    def _trailing(self, start: int, end: int) -> ReportedSpeech | None:
        """'CLAUSE, SUBJECT said [date][, aside].' or 'CLAUSE, said SUBJECT, ROLE.'"""
        commas = [m.start() for m in re.finditer(",", self.text[start:end])]
        commas = [start + c for c in commas]
        for index, comma in enumerate(commas):
            segment_end = commas[index + 1] if index + 1 < len(commas) else end
            verb = _EN_SAYING.search(self.text, comma + 1, segment_end)
            if verb is None or verb.group() == "according to":
                continue
            if len(self.text[verb.end() : segment_end].split()) > _LONGEST_TAIL:
                return None
            if index == 0 and segment_end < end and not self.text[verb.end() : segment_end].strip():
                return self._parenthetical(start, end, comma, segment_end)
            # the subject may carry its role between commas: "…, Baqaei, a spokesman, said"
            for first in range(index, max(-1, index - 3), -1):
                speaker = self.speakers.attribution_after(commas[first] + 1, segment_end)
                clause = _trim(self.text, start, commas[first])
                if speaker is not None and _is_clause(self.text, clause):
                    return ReportedSpeech([clause], speaker, (start, end))
            return None
        return None

    def _parenthetical(
        self, start: int, end: int, comma: int, closing: int
    ) -> ReportedSpeech | None:
        """'This autonomy, he explained, remains a key concern.': the clause in two parts."""
        speaker = self.speakers.attribution_after(comma + 1, closing)
        before, after = _trim(self.text, start, comma), _trim(self.text, closing + 1, end)
        if speaker is None or before[0] == before[1] or not _is_clause(self.text, after):
            return None
        return ReportedSpeech([before, after], speaker, (start, end))

    def _arabic(self, start: int, end: int) -> ReportedSpeech | None:
        verb = _AR_SAYING.search(self.text, start, end)
        if verb is None:
            return None
        that = _AR_THAT.search(self.text, verb.end(), end)
        if (
            that is None
            or len(self.text[verb.end() : that.start()].split()) > _AR_WORDS_BEFORE_THAT
        ):
            return None
        speaker = self.speakers.subject_arabic(verb.end(), that.start())
        clause_start = that.end() if that.group(1) else that.start()
        clause = _trim(self.text, clause_start, end)
        if speaker is None or not _is_clause(self.text, clause):
            return None
        return ReportedSpeech([clause], speaker, (start, end))

    def _persian(self, start: int, end: int) -> ReportedSpeech | None:
        verb = _FA_SAYING.search(self.text, start, end)
        if verb is None:
            return None
        head = self.text[start : verb.start()]
        comma = re.search(r"[،,]", head)
        speaker = self.speakers.subject_arabic(
            start, start + comma.start() if comma else verb.start()
        )
        clause = _trim(self.text, verb.end(), end)
        if speaker is None or not _is_clause(self.text, clause):
            return None
        return ReportedSpeech([clause], speaker, (start, end))
