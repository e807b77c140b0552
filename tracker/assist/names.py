"""Matching a name as written to a recorded person despite spelling and script.

Three levels, each cheap: a folded form (lower case, no accents or punctuation, Arabic and
Persian letters romanised), a consonant skeleton that absorbs transliteration variants
(gh/q/k, ch/j, w/u, doubled letters, vowels), and a difflib ratio for the remaining typos.
A single surname matches the last words of a recorded name, never its first name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from tracker.assist.proposals import KnownPerson

_ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "ٱ": "a",
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u",
    "ي": "i", "ی": "i", "ء": "", "ئ": "", "ؤ": "", "\u200c": "",
}  # fmt: skip

# Transliteration variants folded together, longest first.
_SKELETON_RULES = [
    ("kh", "h"), ("gh", "k"), ("ch", "j"), ("dh", "z"), ("th", "s"), ("sh", "s"), ("ph", "f"),
    ("zh", "j"), ("q", "k"), ("g", "k"), ("c", "k"), ("v", "f"), ("p", "b"), ("x", "ks"),
]  # fmt: skip
_VOWELS = re.compile(r"[aeiouyw]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_PERSIAN_ONLY = re.compile(r"[پچژگکی]")


def script_of(text: str) -> str:
    """'arabic', 'persian' or 'latin': the script a name was written in."""
    if _ARABIC_SCRIPT.search(text):
        return "persian" if _PERSIAN_ONLY.search(text) else "arabic"
    return "latin"


def romanise(text: str) -> str:
    """Lower-case Latin letters and spaces only; Arabic-script letters transliterated."""
    letters = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if char in _ARABIC_LETTERS:
            letters.append(_ARABIC_LETTERS[char])
        elif "a" <= char <= "z":
            letters.append(char)
        elif char.isspace() or char in "-'’":
            letters.append(" " if char.isspace() else "")
    return " ".join("".join(letters).split())


def fold(text: str) -> str:
    """The romanised form without spaces, with gh and q treated alike (Baghaei, Baqaei)."""
    return romanise(text).replace(" ", "").replace("gh", "q")


def skeleton(text: str) -> str:
    """Consonants only after folding transliteration variants: Araghchi, عراقجي -> rkj."""
    word = romanise(text).replace(" ", "")
    for variant, common in _SKELETON_RULES:
        word = word.replace(variant, common)
    word = _VOWELS.sub("", word)
    return re.sub(r"(.)\1+", r"\1", word)


def _spellings(person: KnownPerson) -> list[str]:
    return [person.name, *person.aliases]


def _tails(name: str) -> list[str]:
    """The name and each of its endings: 'Saeed al-Qazah' -> itself and 'al-Qazah'."""
    words = name.split()
    return [" ".join(words[index:]) for index in range(len(words))]


def _similar(written: str, recorded: str) -> bool:
    written_fold, recorded_fold = fold(written), fold(recorded)
    if not written_fold or not recorded_fold:
        return False
    if written_fold == recorded_fold:
        return True
    written_skeleton, recorded_skeleton = skeleton(written), skeleton(recorded)
    if len(written_skeleton) >= 2 and written_skeleton == recorded_skeleton:
        return True
    same_script = script_of(written) == script_of(recorded) == "latin"
    ratio = difflib.SequenceMatcher(None, written_fold, recorded_fold).ratio()
    return same_script and len(written_fold) >= 5 and ratio >= 0.86


def match_person(written: str, people: list[KnownPerson]) -> KnownPerson | None:
    """The recorded person this name refers to, or None when none or several fit.

    A full name must match a recorded spelling; a shorter name must match the end of one
    (a surname), so "Abbas" alone never becomes Abbas Araghchi.
    """
    written = written.strip()
    if not written:
        return None
    whole = [p for p in people if any(_similar(written, s) for s in _spellings(p))]
    if len(whole) == 1:
        return whole[0]
    if whole:
        return None
    ending = [
        person
        for person in people
        if any(_similar(written, tail) for s in _spellings(person) for tail in _tails(s)[1:])
    ]
    return ending[0] if len(ending) == 1 else None


def same_surname(short: str, full: str) -> bool:
    """True when ``short`` is the last word(s) of ``full`` (al-Qazah of Saeed al-Qazah)."""
    return any(fold(short) == fold(tail) for tail in _tails(full)[1:]) or fold(short) == fold(full)
