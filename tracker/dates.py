"""Vague dates: EDTF (ISO 8601-2) values, their sortable bounds and their newsroom wording.

Reporting rarely gives an exact day ("the coming weekend", "in May"), so every date of a
round, outcome, statement or development is kept as the EDTF string the editor typed, with the
earliest and latest possible day derived from it for sorting and filtering.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import edtf
from edtf.parser.edtf_exceptions import EDTFParseException


class InvalidDate(ValueError):
    """An EDTF value that cannot be parsed or names an impossible day."""


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class VagueDate:
    """A parsed EDTF value with its bounds and how it should read."""

    edtf: str
    earliest: dt.date
    latest: dt.date
    approximate: bool
    uncertain: bool

    @property
    def is_interval(self) -> bool:
        return "/" in self.edtf

    @property
    def is_exact_day(self) -> bool:
        return self.earliest == self.latest and not (self.approximate or self.uncertain)

    def describe(self) -> str:
        """English wording as precise as the value: "12 April 2025", "April 2025 (uncertain)"."""
        return describe_edtf(self.edtf)


def _struct_to_date(value: object) -> dt.date:
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8192)
def parse_vague_date(text: str) -> VagueDate:
    """Parse an EDTF string into a :class:`VagueDate`.

    Cached: the edtf grammar is slow (milliseconds a value) and newsroom dates repeat.

    :raise InvalidDate: when the text is not EDTF, names an impossible day, or ends before it
        starts.
    """
    value = (text or "").strip()
    if not value:
        raise InvalidDate("A date is required.")
    if len(value) > 64:
        raise InvalidDate("That date is too long to be an EDTF value.")
    try:
        parsed = edtf.parse_edtf(value)
        earliest = _struct_to_date(parsed.lower_strict())
        latest = _struct_to_date(parsed.upper_strict())
    except (EDTFParseException, ValueError, TypeError, AttributeError, OverflowError) as error:
        raise InvalidDate(
            f"“{value}” is not a date we can read. Use EDTF: 2025-04-12, 2025-04-26~ "
            "(approximate), 2025-05? (uncertain), 2025-04 (a month) or 2025-04-19/2025-04-20."
        ) from error
    _check_real_day(value)
    if latest < earliest:
        raise InvalidDate("The interval ends before it starts.")
    return VagueDate(
        edtf=value,
        earliest=earliest,
        latest=latest,
        approximate="~" in value or "%" in value,
        uncertain="?" in value or "%" in value,
    )


def _check_real_day(value: str) -> None:
    """The edtf package accepts 2025-02-30; a newsroom record must not."""
    for part in value.split("/"):
        bare = part.strip("~?%")
        match = _DAY.match(bare)
        if match:
            try:
                dt.date(*(int(group) for group in match.groups()))
            except ValueError as error:
                raise InvalidDate(f"{bare} is not a real day.") from error


def _format_day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _describe_part(part: str, in_interval: bool) -> tuple[str, bool, bool]:
    """Wording for one side of an interval, with its approximate and uncertain flags."""
    approximate = part.endswith("~") or part.endswith("%")
    uncertain = part.endswith("?") or part.endswith("%")
    bare = part.rstrip("~?%")
    if _DAY.match(bare):
        day = dt.date.fromisoformat(bare)
        words = _format_day(day)
        if approximate and not in_interval:
            words = f"week of {words}"
    elif _MONTH.match(bare):
        year, month = (int(x) for x in bare.split("-"))
        words = dt.date(year, month, 1).strftime("%B %Y") if month <= 12 else bare
    elif _YEAR.match(bare):
        words = bare
    elif bare in ("", ".."):
        words = "open"
    else:
        words = bare
    return words, approximate, uncertain


def describe_edtf(value: str) -> str:
    """English wording for an EDTF value, saying how sure it is.

    ``2025-04-12`` reads "12 April 2025"; ``2025-04-26~`` "week of 26 April 2025 (expected)";
    ``2025-05?`` "May 2025 (unconfirmed)"; ``2025-04`` "April 2025".
    """
    parts = value.split("/")
    described = [_describe_part(part, len(parts) > 1) for part in parts]
    words = " – ".join(text for text, _, _ in described)
    approximate = any(flag for _, flag, _ in described)
    uncertain = any(flag for _, _, flag in described)
    if approximate and uncertain:
        return f"{words} (expected, unconfirmed)"
    if approximate:
        return f"{words} (expected)"
    if uncertain:
        return f"{words} (unconfirmed)"
    return words
