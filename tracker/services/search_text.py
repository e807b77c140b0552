"""One normal form for searchable text in English, Arabic and Persian script, and the
highlighting of matches in the text as it was written.

Writers and readers spell the same word differently: Arabic ``ي``/``ك`` against Persian
``ی``/``ک``, hamza on alef or not, short vowels and tatweel now and then. The index stores
text in this normal form and every query is put through it too, so each spelling finds the
others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from markupsafe import Markup, escape

_FOLD = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Persian yeh
        "ى": "ی",  # alef maksura
        "ك": "ک",  # Arabic kaf -> Persian keheh
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ی",
        "ة": "ه",
        "\u200c": " ",  # zero-width non-joiner splits Persian compounds
        "\u0640": None,  # tatweel
    }
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")

#: each folded letter -> every spelling that folds to it, for highlighting the original text
VARIANTS: dict[str, str] = {
    "ی": "یيىئ",
    "ک": "کك",
    "ا": "اأإآٱ",
    "و": "وؤ",
    "ه": "هة",
}
_OPTIONAL_MARKS = "[\u064b-\u065f\u0670\u0640]*"


def fold(text: str) -> str:
    """The searchable normal form of ``text``: NFC, case-folded, Arabic variants unified."""
    text = unicodedata.normalize("NFC", text or "")
    return _MARKS.sub("", text.translate(_FOLD)).casefold()


WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a reader's query in normal form; punctuation and operators are dropped, and
    so are one-letter words ("Iran's" leaves an "s") unless nothing else is left."""
    words = WORD.findall(fold(query))
    longer = [word for word in words if len(word) > 1]
    return (longer or words)[:12]


def term_pattern(term: str) -> str:
    """A regular expression finding ``term`` (a prefix) in original, unfolded text."""
    parts = []
    for letter in term:
        variants = VARIANTS.get(letter)
        if variants:
            parts.append(f"[{variants}]")
        else:
            parts.append(re.escape(letter))
    return _OPTIONAL_MARKS.join(parts)


def highlight(text: str | None, terms: Sequence[str]) -> Markup:
    """``text`` escaped, with each word starting with a search term wrapped in ``<mark>``."""
    if not text:
        return Markup("")
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(term_pattern(term) for term in terms) + r")\w*",
        re.IGNORECASE,
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[position : match.start()])))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(str(escape(text[position:])))
    return Markup("".join(pieces))
