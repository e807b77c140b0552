"""Vague dates: EDTF (ISO 8601-2) values, their sortable bounds and their newsroom wording.

Reporting rarely gives an exact day ("the coming weekend", "in May"), so every date of a
round, outcome, statement or development is kept as the EDTF string the editor typed, with the
earliest and latest possible day derived from it for sorting and filtering.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from dataclasses import dataclass

import edtf
from babel.dates import format_date
from edtf.parser.edtf_exceptions import EDTFParseException

from tracker.services.wording import N_


class InvalidDate(ValueError):
    """An EDTF value that cannot be parsed or names an impossible day. Like a service's
    :class:`~tracker.services.errors.RuleViolation`, it keeps its English wording (marked for
    the catalogue) apart from the values, so a page can translate the wording first."""

    def __init__(self, template: str, **params: str) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


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

    def describe(self, locale: str = "en", wording: DateWording | None = None) -> str:
        """Wording as precise as the value: "12 April 2025", "April 2025 (unconfirmed)"."""
        return describe_edtf(self.edtf, locale, wording)


@dataclass(frozen=True)
class DateWording:
    """The words around a formatted date in one language. Babel names the days and months;
    these say how sure the date is. English by default: exports keep it, and the interface
    passes its translation (see :func:`tracker.i18n.date_wording`)."""

    week_of: str = "week of %(date)s"
    expected: str = "%(date)s (expected)"
    unconfirmed: str = "%(date)s (unconfirmed)"
    expected_unconfirmed: str = "%(date)s (expected, unconfirmed)"
    open_end: str = "open"
    not_known: str = "Date not known"


ENGLISH = DateWording()


def _struct_to_date(value: time.struct_time) -> dt.date:
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


@functools.lru_cache(maxsize=8192)
def parse_vague_date(text: str) -> VagueDate:
    """Parse an EDTF string into a :class:`VagueDate`.

    Cached: the edtf grammar is slow (milliseconds a value) and newsroom dates repeat.

    :raise InvalidDate: when the text is not EDTF, names an impossible day, or ends before it
        starts.
    """
    value = (text or "").strip()
    if not value:
        raise InvalidDate(N_("A date is required."))
    if len(value) > 64:
        raise InvalidDate(N_("That date is too long to be an EDTF value."))
    try:
        parsed = edtf.parse_edtf(value)
        earliest = _struct_to_date(parsed.lower_strict())
        latest = _struct_to_date(parsed.upper_strict())
    except (EDTFParseException, ValueError, TypeError, AttributeError, OverflowError) as error:
        raise InvalidDate(
            N_(
                "“%(value)s” is not a date we can read. Use EDTF: 2025-04-12, 2025-04-26~ "
                "(approximate), 2025-05? (uncertain), 2025-04 (a month) or "
                "2025-04-19/2025-04-20."
            ),
            value=value,
        ) from error
    _check_real_day(value)
    if latest < earliest:
        raise InvalidDate(N_("The interval ends before it starts."))
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
                raise InvalidDate(N_("%(day)s is not a real day."), day=bare) from error


def format_day(day: dt.date, locale: str = "en") -> str:
    """A day as the desk writes it, "12 April 2025", in ``locale``'s words and order."""
    return format_date(day, "d MMMM y", locale=locale)


def format_month(month: dt.date, locale: str = "en") -> str:
    """A month as the desk writes it, "April 2025", in ``locale``'s words."""
    return format_date(month, "MMMM y", locale=locale)


def _describe_part(
    part: str, in_interval: bool, locale: str, wording: DateWording
) -> tuple[str, bool, bool]:
    """Wording for one side of an interval, with its approximate and uncertain flags."""
    approximate = part.endswith("~") or part.endswith("%")
    uncertain = part.endswith("?") or part.endswith("%")
    bare = part.rstrip("~?%")
    if _DAY.match(bare):
        day = dt.date.fromisoformat(bare)
        words = format_day(day, locale)
        if approximate and not in_interval:
            words = wording.week_of % {"date": words}
    elif _MONTH.match(bare):
        year, month = (int(x) for x in bare.split("-"))
        words = format_month(dt.date(year, month, 1), locale) if month <= 12 else bare
    elif _YEAR.match(bare):
        words = bare
    elif bare in ("", ".."):
        words = wording.open_end
    else:
        words = bare
    return words, approximate, uncertain


def describe_edtf(value: str, locale: str = "en", wording: DateWording | None = None) -> str:
    """Wording for an EDTF value in ``locale`` (English by default), saying how sure it is.

    ``2025-04-12`` reads "12 April 2025"; ``2025-04-26~`` "week of 26 April 2025 (expected)";
    ``2025-05?`` "May 2025 (unconfirmed)"; ``2025-04`` "April 2025".
    """
    wording = wording or ENGLISH
    parts = value.split("/")
    described = [_describe_part(part, len(parts) > 1, locale, wording) for part in parts]
    words = " – ".join(text for text, _, _ in described)
    approximate = any(flag for _, flag, _ in described)
    uncertain = any(flag for _, _, flag in described)
    if approximate and uncertain:
        return wording.expected_unconfirmed % {"date": words}
    if approximate:
        return wording.expected % {"date": words}
    if uncertain:
        return wording.unconfirmed % {"date": words}
    return words
