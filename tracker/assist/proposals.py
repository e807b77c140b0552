"""What the reading engine knows and what it proposes, as plain dataclasses.

The caller (a view, the CLI, a test) turns recorded people, rounds and organisations into the
small ``Known*`` records, so the engine reads an article without a database and without Flask.
Every proposal keeps the character spans of the words it came from, so a review page can
highlight them beside the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class KnownPerson:
    """A recorded person: the name as recorded and the other spellings editors added."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownRound:
    """A recorded round; ``number`` is its ordinal within the negotiation when it has one."""

    id: int
    number: int | None
    title: str = ""


@dataclass(frozen=True)
class KnownOutlet:
    """A recorded organisation that publishes news, with other spellings of its name."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class SpeakerProposal:
    """Who said a quote: a recorded person, a new person, or an unnamed source.

    ``written`` is the name (or, for an unnamed source, the description) exactly as published,
    in the script it was written in; ``role`` is the title as published beside it.
    """

    written: str
    kind: str = "person"  # "person", "anonymous" or "unnamed" (a body such as "state media")
    role: str = ""
    person: KnownPerson | None = None
    script: str = "latin"
    span: Span | None = None

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous"

    @property
    def is_new_person(self) -> bool:
        return self.kind == "person" and self.person is None

    @property
    def label(self) -> str:
        """The recorded name when matched, else the words of the article."""
        return self.person.name if self.person else self.written


@dataclass
class QuoteProposal:
    """A statement: a quotation verbatim (a quote split by its attribution has several parts)
    or, when not ``quoted``, the clause of unquoted reported speech ("Araghchi said the talks
    were constructive"). ``when`` is the date its attribution gives ("said on Thursday"); none
    means the publication date."""

    parts: list[str]
    spans: list[Span]
    speech: str  # "direct" (a full utterance) or "reported" (quoted words inside a sentence)
    speaker: SpeakerProposal | None = None
    when: DateProposal | None = None
    quoted: bool = True

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass
class DateProposal:
    """A date in the article resolved against its publication date, with its wording."""

    wording: str
    span: Span
    edtf: str

    @property
    def approximate(self) -> bool:
        return "~" in self.edtf


@dataclass
class RoundProposal:
    """A round mentioned by ordinal, matched to a recorded round, and news of its status."""

    wording: str
    span: Span
    number: int | None
    round: KnownRound | None = None
    status: str | None = None  # a RoundStatus value: scheduled, held, postponed, cancelled
    status_wording: str = ""
    status_span: Span | None = None
    announced: str | None = None  # EDTF of the announcement: the publication date
    when: DateProposal | None = None


@dataclass
class SourceProposal:
    """The article itself as a source."""

    headline: str = ""
    published: dt.date | None = None
    language: str = ""
    outlet_written: str = ""
    outlet: KnownOutlet | None = None
    link: str = ""


@dataclass
class Proposals:
    """Everything the engine proposes for one article; nothing here has been written anywhere."""

    text: str
    source: SourceProposal
    quotes: list[QuoteProposal] = field(default_factory=list)
    dates: list[DateProposal] = field(default_factory=list)
    rounds: list[RoundProposal] = field(default_factory=list)

    @property
    def new_people(self) -> list[SpeakerProposal]:
        """Speakers not matched to a recorded person, one per name."""
        seen: dict[str, SpeakerProposal] = {}
        for quote in self.quotes:
            speaker = quote.speaker
            if speaker and speaker.is_new_person:
                seen.setdefault(speaker.written.casefold(), speaker)
        return list(seen.values())
