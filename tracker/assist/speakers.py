"""Who said each quote: the attribution beside it, read as a subject phrase.

An attribution is a speech verb and its subject, in the same sentence as the quote: after it
(“...,” Al-Qazah told Shafaq News), before it (Mohammed al-Shammari told Shafaq News that “...”;
وقال وزير الخارجية العماني بدر البوسعيدي: «...»), or between the halves of a split quote.
A subject phrase is a name with its role as published, a pronoun (the last person named), an
unnamed source ("a senior US official", مسؤول أمريكي, یک مقام آمریکایی) or a body ("Iranian
state media"). A quote without attribution continues the previous quote's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.assist.names import match_person, same_surname, script_of
from tracker.assist.proposals import KnownPerson, Span, SpeakerProposal
from tracker.assist.quotes import FoundQuote

_EN_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|asserted|explained|"
    r"insisted|noted|argued|warned|stressed|acknowledged|described|describing|declared|"
    r"announced|confirmed|continued|replied|asked|posted|tweeted|remarked|cautioned|"
    r"urged|emphasized|emphasised|believes|outlined|concluded|according to"
)
_EN_VERB = re.compile(rf"\b(?:{_EN_VERBS})\b")
_AR_VERB_WORDS = [
    "قال",
    "يقول",
    "تقول",
    "قالت",
    "أضاف",
    "أضافت",
    "تابع",
    "تابعت",
    "أكد",
    "أكدت",
    "أشار",
    "أشارت",
    "كتب",
    "كتبت",
    "أوضح",
    "أوضحت",
    "صرح",
    "صرحت",
    "اعتبر",
    "اعتبرت",
    "شدد",
    "شددت",
    "أعلن",
    "أعلنت",
    "ذكر",
    "ذكرت",
    "نقل",
    "گفت",
    "افزود",
    "نوشت",
]
_AR_VERB_PHRASES = ["تاکید کرد", "اعلام کرد", "ادامه داد", "تصریح کرد", "اظهار داشت", "گفته است"]
# Short vowels and shadda are optional in Arabic copy (صرّح, أكّد): allow them between letters.
_HARAKA = "[\u064b-\u0652]"
_HARAKAT = _HARAKA + "*"


def _tolerant(word: str) -> str:
    return _HARAKAT.join(re.escape(char) for char in word)


_AR_VERB = re.compile(
    r"(?:^|(?<=[\s،,]))(?:و|ف)?(?:"
    + "|".join(_tolerant(w) for w in _AR_VERB_WORDS + _AR_VERB_PHRASES)
    + r")(?=[\s:،,]|$)"
)
#: the speech verbs, for dating what was said (see :mod:`tracker.assist.occasions`)
EN_SPEECH_VERB, AR_SPEECH_VERB = _EN_VERB, _AR_VERB
_PRONOUNS = {"he", "she", "they", "him", "her"}
_ANON_HEAD = (
    r"official|officials|diplomat|diplomats|source|sources|spokesperson|spokesman|"
    r"spokeswoman|aide|aides|negotiator|analyst|adviser|advisor|insider|person|people|"
    r"officer|member|lawmaker|mediator"
)
_ANON_EN = re.compile(rf"^(?:a|an|one|two|three|several|some|another)\b.*?\b(?:{_ANON_HEAD})\b")
_DEFINITE_ANON_EN = re.compile(rf"^the\s+(?:\w+\s+)?({_ANON_HEAD})$")
_AR_ANON_ADJECTIVES = {"كبير", "رفيع", "مطلع", "مطلعة", "بارز", "مقرب", "سابق", "رفيعة", "آگاه"}
_AR_ANON_HEADS = {"مسؤول", "مسؤولون", "مصدر", "مصادر", "دبلوماسي", "دبلوماسيون", "مقام", "منبع"}
_AR_ROLE_WORDS = {
    "وزير", "وزيرة", "الخارجية", "الخارجيه", "وزارة", "المتحدث", "المتحدثة", "باسم", "الرئيس",
    "رئيس", "المبعوث", "مبعوث", "نائب", "مساعد", "مستشار", "السفير", "سفير", "الأمين", "العام",
    "المرشد", "الأعلى", "مدير", "المدير", "الناطق", "عضو", "لجنة", "الأمن", "القومي",
    "الدفاع", "البرلمان", "البرلمانية", "الحكومة", "النائب", "الجنرال", "اللواء", "الدكتور",
    "د.", "الشيخ", "وزیر", "امور", "خارجه", "سخنگوی", "وزارت", "رئیس", "جمهور",
}  # fmt: skip
_AR_STOP = {
    "في", "على", "إلى", "الى", "من", "عن", "إن", "أن", "ان", "بأن", "خلال", "بعد", "قبل",
    "مع", "لدى", "عبر", "إنه", "أنه", "بيان", "که", "در", "به", "از", "با", "نیز", "پس",
    "يوم", "أمس", "اليوم", "قد", "صباح", "مساء", "السبت", "الأحد", "الاثنين", "الثلاثاء",
    "الأربعاء", "الخميس", "الجمعة", "غدا", "غداً", "امروز", "دیروز",
}  # fmt: skip
_EN_ROLE_WORDS = {
    "minister", "foreign", "president", "vice", "spokesman", "spokeswoman", "spokesperson",
    "envoy", "deputy", "ambassador", "director", "chief", "general", "brigadier", "secretary",
    "state", "senator", "adviser", "advisor", "head", "leader", "supreme", "member", "senior",
    "commander", "dr", "dr.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "prof", "prof.",
    "ayatollah", "sheikh", "special", "representative", "negotiator", "chairman", "speaker",
    "prime", "analyst", "expert", "lawmaker", "mp", "colonel", "retired", "former", "acting",
}  # fmt: skip
_NOT_NAMES = {
    "still", "however", "meanwhile", "but", "and", "also", "in", "on", "at", "from", "for",
    "the", "this", "that", "these", "those", "while", "with", "after", "before", "as", "if",
    "according", "earlier", "later", "separately", "ultimately", "regardless", "yet", "so",
    "iran", "iraq", "oman", "israel", "lebanon", "syria", "yemen", "tehran", "washington",
    "baghdad", "rome", "muscat", "beirut", "us", "u.s.", "un", "eu", "europe", "american",
    "iranian", "iraqi", "omani", "israeli", "russia", "china", "britain", "france", "germany",
    "united", "states", "nations", "union", "house", "news", "forces", "ministry", "committee",
    "council", "center", "centre", "group", "agency", "party", "army", "guard", "media",
    "republic", "kingdom", "office", "department", "white", "middle", "east", "west", "north",
    "south", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "x", "truth", "social", "state", "television",
    "affairs", "foreign", "defence", "defense", "security", "statement",
}  # fmt: skip
_PREPOSITIONS = {"of", "at", "for", "in", "to", "with", "from", "by", "on", "and", "the"}
_NAME_TOKEN = re.compile(r"^(?:(?:al|el|bin|ibn|abu|de|van|von)-)?[A-Z][\w’'.-]*$")
_COORDINATION = re.compile(r"[\s,،”»\"]*(?:and|but|or|و)\s", re.I)
_ACCORDING_TO = re.compile(r"\baccording to\b", re.I)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:later|also|again|earlier|then|too|further|himself|herself|had|has|have|"
    r"would|will|\w+ly))+\s*$",
    re.I,
)
_LEADING_SUBORDINATOR = re.compile(r"\s*(?:while|as|when|although|though|since|because)\s+", re.I)
_LONGEST_ROLE_WORDS = 8
_AUXILIARY = re.compile(
    r"\b(?:would|will|could|should|be|is|are|was|were|been|has|have|had|that|which|who)\b", re.I
)
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "bint", "de", "van", "von", "der", "da"}


@dataclass
class Mention:
    """A speaker candidate found in the text, with where it was written."""

    speaker: SpeakerProposal
    position: int


def _name_run(words: list[str]) -> int:
    """How many words at the end of ``words`` form a person's name (0 when none)."""
    count = 0
    for word in reversed(words):
        bare = word.strip("()").rstrip(".")
        lowered = word.casefold()
        if lowered in _PARTICLES and count:
            count += 1
            continue
        if (
            not _NAME_TOKEN.match(word)
            or lowered in _EN_ROLE_WORDS
            or lowered in _NOT_NAMES
            or bare.casefold() in _NOT_NAMES
            or word.endswith(("’s", "'s"))
        ):
            break
        count += 1
    while count and words[len(words) - count].casefold() in _PARTICLES:
        count -= 1
    if count and len(words) > count and words[len(words) - count - 1].casefold() in _PREPOSITIONS:
        return 0
    return count


def _has_role_word(phrase: str) -> bool:
    return any(w.casefold().strip(",.") in _EN_ROLE_WORDS for w in phrase.split()) or bool(
        re.match(r"^(?:an?|the)\s", phrase)
    )


def _words_with_offsets(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [
        (m.group(), start + m.start(), start + m.end())
        for m in re.finditer(r"\S+", text[start:end])
    ]


def _segments(text: str, start: int, end: int) -> list[Span]:
    """Comma- and dash-separated pieces of a phrase, trimmed, as spans."""
    pieces, begin = [], start
    for match in re.finditer(r"[,،—]|\s–\s", text[start:end]):
        pieces.append((begin, start + match.start()))
        begin = start + match.end()
    pieces.append((begin, end))
    trimmed = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1] in " \t.:":
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _bare(word: str) -> str:
    """An Arabic word without short vowels or shadda, for comparing with word lists."""
    return re.sub(_HARAKA, "", word)


class SpeakerReader:
    """Resolves subject phrases to speakers, remembering who was named last."""

    def __init__(self, text: str, people: list[KnownPerson]):
        self.text = text
        self.people = people
        self.mentions: list[Mention] = []

    # -- names ------------------------------------------------------------------------------
    def person(self, written: str, span: Span, role: str = "") -> SpeakerProposal:
        """A person named in the text: a surname resolves to the full name written earlier."""
        full = written
        if len(written.split()) == 1 or written.split()[0].casefold() in _PARTICLES:
            for mention in reversed(self.mentions):
                earlier = mention.speaker
                if (
                    mention.position < span[0]
                    and earlier.kind == "person"
                    and len(earlier.written.split()) > len(written.split())
                    and same_surname(written, earlier.written)
                ):
                    full = earlier.written
                    role = role or earlier.role
                    break
        return SpeakerProposal(
            written=full,
            role=role,
            person=match_person(full, self.people),
            script=script_of(full),
            span=span,
        )

    def last_person(self, before: int) -> SpeakerProposal | None:
        for mention in reversed(self.mentions):
            if mention.position < before and mention.speaker.kind == "person":
                return mention.speaker
        return None

    def last_anonymous(self, head: str, before: int) -> SpeakerProposal | None:
        for mention in reversed(self.mentions):
            speaker = mention.speaker
            if mention.position < before and speaker.anonymous and head in speaker.written.lower():
                return speaker
        return None

    def remember(self, speaker: SpeakerProposal | None, position: int) -> None:
        if speaker is not None:
            self.mentions.append(Mention(speaker, position))
            self.mentions.sort(key=lambda m: m.position)

    # -- subject phrases --------------------------------------------------------------------
    def subject(self, start: int, end: int) -> SpeakerProposal | None:
        """Read the subject phrase text[start:end] as a speaker, or None."""
        phrase = self.text[start:end].strip(" ,،:.\n")
        if not phrase:
            return None
        if script_of(phrase) != "latin":
            return self.subject_arabic(start, end)
        adverbs = _TRAILING_ADVERBS.search(self.text, start, end)
        if adverbs and adverbs.start() > start:
            end = adverbs.start()
        subordinator = _LEADING_SUBORDINATOR.match(self.text, start, end)
        if subordinator and subordinator.end() < end:
            start = subordinator.end()
        segments = _segments(self.text, start, end)
        if not segments:
            return None
        weak: SpeakerProposal | None = None
        for index, (a, b) in enumerate(segments):
            segment = self.text[a:b]
            lowered = segment.casefold()
            if lowered in _PRONOUNS:
                return self.last_person(a)
            definite = _DEFINITE_ANON_EN.match(lowered)
            if definite:
                return self.last_anonymous(definite.group(1), a) or SpeakerProposal(
                    written=segment, kind="anonymous", span=(a, b)
                )
            words = _words_with_offsets(self.text, a, b)
            run = _name_run([w for w, _, _ in words])
            prefix_words = len(words) - run
            if run and words[0][0].casefold() == "according":
                prefix_words -= 2
            if prefix_words > _LONGEST_ROLE_WORDS:
                continue  # a clause ("X and Y spoke in the presence of Z, Tehran said")
            strong = run > 1 or (run == 1 and self._known_single(words[-1][0], a))
            if strong or (run == 1 and weak is None and self._single_name(words[-1][0], a)):
                name_start, name_end = words[-run][1], words[-1][2]
                prefix = re.sub(
                    r"^according to\s+", "", self.text[a:name_start].strip(), flags=re.I
                )
                role = prefix if _has_role_word(prefix) and len(prefix.split()) > 1 else ""
                role = role or self._apposition(segments, index)
                found = self.person(self.text[name_start:name_end], (name_start, name_end), role)
                if strong:
                    return found
                weak = found
                continue
            if _ANON_EN.match(lowered):
                return SpeakerProposal(written=segment, kind="anonymous", span=(a, b))
        if weak is not None:
            return weak
        return self._unnamed_body(*segments[-1])

    def _apposition(self, segments: list[Span], index: int) -> str:
        """A role set off by commas beside the name: after it, else before it."""
        for neighbour in (index + 1, index - 1):
            if 0 <= neighbour < len(segments):
                words = self.text[slice(*segments[neighbour])]
                if _has_role_word(words) and not _name_run(words.split()):
                    return words
        return ""

    def _unnamed_body(self, start: int, end: int) -> SpeakerProposal | None:
        """A short subject that names no one: "Iranian state media", "its foreign ministry"."""
        phrase = self.text[start:end]
        words = phrase.split()
        metonym = phrase.casefold() in _NOT_NAMES and phrase[:1].isupper()  # Tehran
        acronym = phrase.isupper() and len(phrase) >= 2  # IRNA, AFP
        if len(words) == 1 and (metonym or acronym):
            return SpeakerProposal(written=phrase, kind="unnamed", span=(start, end))
        if not 2 <= len(words) <= 7 or _AUXILIARY.search(phrase) or "\0" in phrase:
            return None
        if words[0].casefold() in (_PREPOSITIONS - {"the"}) | {"as", "than", "while", "if", "when"}:
            return None
        return SpeakerProposal(written=phrase, kind="unnamed", span=(start, end))

    def _single_name(self, word: str, position: int) -> bool:
        """In an attribution ("Vaez said") a lone capitalised word is a surname unless it is
        a pronoun-like word, place or body from the stop list."""
        bare = word.rstrip(".,").casefold()
        shouted = word.isupper() and len(word) > 3  # a dateline: DUBAI, MUSCAT
        return not shouted and bare not in _NOT_NAMES and bare not in _EN_ROLE_WORDS

    def _known_single(self, word: str, position: int) -> bool:
        """A lone capitalised word is a person only when recorded or named in full earlier."""
        if match_person(word, self.people):
            return True
        return any(
            m.position < position and same_surname(word, m.speaker.written) for m in self.mentions
        )

    def subject_arabic(self, start: int, end: int) -> SpeakerProposal | None:
        words = _words_with_offsets(self.text, start, end)
        cleaned = [(_bare(w.strip('،,:.«»"“”')), a, b) for w, a, b in words]
        cleaned = [(w, a, b) for w, a, b in cleaned if w]
        if not cleaned:
            return None
        first = cleaned[0][0]
        if first in {"یک", "أحد", "احد"} or first in _AR_ANON_HEADS:
            taken = [cleaned[0]]
            for word, a, b in cleaned[1:]:
                is_adjective = word.endswith(("ي", "ی", "ية", "یی", "ایی")) and not word.startswith(
                    "ال"
                )
                if word in _AR_STOP:
                    break
                if word in _AR_ANON_HEADS or word in _AR_ANON_ADJECTIVES or is_adjective:
                    taken.append((word, a, b))
                else:
                    break
            span = (taken[0][1], taken[-1][2])
            return SpeakerProposal(
                written=self.text[slice(*span)],
                kind="anonymous",
                script=script_of(first),
                span=span,
            )
        role: list[tuple[str, int, int]] = []
        index = 0
        while index < len(cleaned):
            word = cleaned[index][0]
            after_role = bool(role) and word.startswith("ال") and word.endswith(("ي", "ية"))
            if word in _AR_ROLE_WORDS or after_role:
                role.append(cleaned[index])
                index += 1
            else:
                break
        name: list[tuple[str, int, int]] = []
        for word, a, b in cleaned[index:]:
            raw = self.text[a:b]
            if word in _AR_STOP or word.startswith(("لل", "بال", "(")) or len(name) == 3:
                break
            name.append((word, a, b))
            if raw.endswith(("،", ",", ":")):
                break
        if not name:
            return None
        span = (name[0][1], name[-1][2])
        role_text = self.text[role[0][1] : role[-1][2]] if role else ""
        if not role_text and self.text[name[-1][1] : name[-1][2]].endswith(("،", ",")):
            role_text = self._arabic_apposition(name[-1][2], end)
        return self.person(self.text[slice(*span)].strip("،,:"), span, role_text.strip(" ،,:"))

    def _arabic_apposition(self, start: int, end: int) -> str:
        """The role set off after a name: "إسماعيل بقائي، المتحدث باسم وزارة الخارجية،"."""
        piece = re.match(r"\s*([^،,:«\"“]+)", self.text[start:end])
        if not piece:
            return ""
        words = piece.group(1).split()
        return piece.group(1).strip() if words and _bare(words[0]) in _AR_ROLE_WORDS else ""

    # -- attribution of a quote -------------------------------------------------------------
    def attribute(
        self,
        quote: FoundQuote,
        sentence: Span,
        closing_sentence: Span,
        previous: SpeakerProposal | None,
    ) -> SpeakerProposal | None:
        """The speaker of one quote, from the attribution in the sentences it opens and closes."""
        text = self.text
        last_part = text[slice(*quote.spans[-1])]
        if quote.gap:
            speaker = self.attribution_after(*quote.gap)
            if speaker:
                return speaker
        after_start = quote.closed
        after_end = self._attribution_end(after_start, max(closing_sentence[1], after_start))
        continues = last_part.rstrip().endswith((",", "،", "?", "!", "؟")) or text[
            after_start:after_end
        ].lstrip().startswith(("،", ","))
        if continues and after_end > after_start:
            speaker = self.attribution_after(after_start, after_end)
            if speaker:
                return speaker
        according = _ACCORDING_TO.search(text, quote.closed, closing_sentence[1])
        if according and not continues:
            speaker = self.subject(
                according.end(), self._attribution_end(according.end(), closing_sentence[1])
            )
            if speaker:
                return speaker
        before_start = self._before_start(sentence[0], quote.opened)
        if before_start < quote.opened:
            speaker = self._before(before_start, quote.opened)
            if speaker:
                return speaker
        # No attribution of its own: the quote goes on from the previous one.
        return previous or self.last_person(quote.opened)

    def _attribution_end(self, start: int, sentence_end: int) -> int:
        """Where the attribution after a quote stops: sentence end or the next quote."""
        next_quote = re.compile(r"[“«\"]").search(self.text, start, sentence_end)
        return next_quote.start() if next_quote else sentence_end

    def _before_start(self, sentence_start: int, opened: int) -> int:
        """The start of the clause before a quote, after any earlier quote in the sentence."""
        earlier_close = max(
            (self.text.rfind(mark, sentence_start, opened) for mark in '”»"'), default=-1
        )
        return earlier_close + 1 if earlier_close >= sentence_start else sentence_start

    def attribution_after(self, start: int, end: int) -> SpeakerProposal | None:
        """‘...,” NAME said’ or ‘...,” said NAME, ROLE’."""
        verb = _EN_VERB.search(self.text, start, end) or _AR_VERB.search(self.text, start, end)
        if not verb or _COORDINATION.match(self.text, start, verb.start()):
            return None  # '“...”, and said X': a second verb of the sentence's own subject
        speaker = self.subject(start, verb.start())
        if speaker is None:
            clause_end = end
            stop = re.compile(r"\b(?:on|in|at|after|before|during|to)\b|[.;:]").search(
                self.text, verb.end(), end
            )
            if stop and stop.start() > verb.end() + 1:
                clause_end = stop.start()
            if script_of(self.text[verb.start() : verb.end()]) != "latin":
                return self.subject_arabic(verb.end(), end)
            speaker = self.subject(verb.end(), clause_end)
        return speaker

    def _before(self, start: int, end: int) -> SpeakerProposal | None:
        """‘NAME told X that “...’, ‘وقال NAME: «...’, ‘NAME، ROLE، گفت: «...’."""
        for verb in _EN_VERB.finditer(self.text, start, end):
            speaker = self.subject(start, verb.start())
            if speaker is not None:
                return speaker
        verbs = list(_AR_VERB.finditer(self.text, start, end))
        if not verbs:
            return None
        verb = verbs[-1]
        if verb.start() > start + 1 and self.text[start : verb.start()].strip(" ،,"):
            # Persian puts the verb last: the subject is the first piece of the sentence.
            head = self.text[start : verb.start()]
            comma = re.search(r"[،,]", head)
            subject_end = start + comma.start() if comma else verb.start()
            found = self.subject_arabic(start, subject_end)
            if found and not self.text[verb.end() : end].strip(" :،,"):
                return found
            if found and re.match(r"\s*(?:که|:)", self.text[verb.end() : end]):
                return found
        return self.subject_arabic(verb.end(), end)

    def scan_mentions(self, sentences: list[Span], masked: str) -> None:
        """Remember people named as the subject of a sentence, for 'he said' later on."""
        for start, end in sentences:
            self._scan_sentence(start, end, masked)

    def _scan_sentence(self, start: int, end: int, masked: str) -> None:
        """Remember the subject of one sentence when it names someone."""
        sentence = masked[start:end]
        if not sentence.rstrip().endswith((".", "!", "?", "”", '"', "»", "؟")):
            return  # a heading
        if script_of(sentence) != "latin":
            verb = _AR_VERB.search(masked, start, end)
            if verb and "\0" not in masked[start : verb.end()]:
                speaker = self.subject_arabic(verb.end(), end)
                if speaker is not None and speaker.kind == "person":
                    self.remember(speaker, speaker.span[0] if speaker.span else start)
            return
        verb = _EN_VERB.search(masked, start, end)
        speaker = None
        if verb and "\0" not in masked[start : verb.start()]:
            speaker = self.subject(start, verb.start())
        segments = _segments(self.text, start, end)
        for index, (a, b) in enumerate(segments[:2]):
            if speaker is not None:
                break
            speaker = self._leading_name(masked, a, b)
            if speaker is not None and not speaker.role:
                speaker.role = self._apposition(segments, index)
        if speaker is not None and speaker.kind != "unnamed":
            self.remember(speaker, speaker.span[0] if speaker.span else start)

    def _leading_name(self, masked: str, start: int, end: int) -> SpeakerProposal | None:
        """A name ending a clause ("Dr. Aqil Abbas") or opening it ("Abbas outlined ...")."""
        words = _words_with_offsets(masked, start, end)
        run = _name_run([w for w, _, _ in words])
        if run > 1:
            span = (words[-run][1], words[-1][2])
            return self.person(self.text[slice(*span)], span)
        if not words or not words[0][0][:1].isupper():
            return None
        lead = _name_run([w for w, _, _ in words[:2]])
        if lead == 2 or (lead == 1 and self._known_single(words[0][0], start)):
            span = (start, words[lead - 1][2])
            return self.person(self.text[slice(*span)], span)
        return None
