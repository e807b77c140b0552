"""How a round's schedule change reads, in one place for every page, the Atom feed and the
calendar: "Postponed on 1 May 2025 (announced by <source>): was 3 May 2025 in Rome".

The wording is kept in English and marked with ``N_``; a page passes its ``gettext`` so the
reader sees it in their language, feeds keep the English. Every date goes through
:func:`tracker.dates.describe_edtf`, so a change reads with the same dates as the rest of the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tracker.dates import ENGLISH, DateWording, describe_edtf
from tracker.models import RoundScheduleChange, RoundStatus
from tracker.services.wording import N_

Translate = Callable[[str], str]

HEADS = {
    RoundStatus.POSTPONED: N_("Postponed on %(day)s"),
    RoundStatus.CANCELLED: N_("Cancelled on %(day)s"),
}
MOVED = N_("Moved on %(day)s")
ANNOUNCED_BY = N_("(announced by %(source)s)")
WAS_AT = N_("was %(when)s in %(venue)s")
WAS = N_("was %(when)s")
NOW_AT = N_("now %(when)s in %(venue)s")
NOW = N_("now %(when)s")
THEN_NOW = N_("%(was)s; %(now)s")
UNDATED = N_("undated")


def _english(message: str) -> str:
    return message


def day_words(day: dt.date, locale: str = "en") -> str:
    """A plain calendar day as the app writes every date: "1 May 2025"."""
    return describe_edtf(day.isoformat(), locale)


def _date_wording(translate: Translate) -> DateWording:
    """The words around dates ("expected", "week of") in the language ``translate`` speaks."""
    return DateWording(**{name: translate(english) for name, english in vars(ENGLISH).items()})


def _when(edtf: str | None, wording: str | None, translate: Translate, locale: str) -> str:
    if edtf:
        return describe_edtf(edtf, locale, _date_wording(translate))
    return wording or translate(UNDATED)


def _place(when: str, venue: object | None, at: str, bare: str, translate: Translate) -> str:
    if venue is not None:
        return translate(at) % {"when": when, "venue": venue}
    return translate(bare) % {"when": when}


def describe_change(
    change: RoundScheduleChange, translate: Translate = _english, locale: str = "en"
) -> str:
    """One sentence for one schedule change: what happened, on which day it was announced and
    by whom, what the round was before and, unless it was called off, what it is now; dates
    in ``locale`` (the feeds keep English)."""
    head = translate(HEADS.get(change.new_status, MOVED)) % {
        "day": day_words(change.announced_day, locale)
    }
    if change.announced_by is not None:
        head += " " + translate(ANNOUNCED_BY) % {"source": change.announced_by}
    was_when = _when(change.previous_when_edtf, change.previous_when_text, translate, locale)
    sentence = f"{head}: " + _place(was_when, change.previous_venue, WAS_AT, WAS, translate)
    moved = (
        change.new_when_edtf != change.previous_when_edtf
        or change.new_venue_id != change.previous_venue_id
    )
    if moved and change.new_status is not RoundStatus.CANCELLED:
        now_when = _when(change.new_when_edtf, None, translate, locale)
        now = _place(now_when, change.new_venue, NOW_AT, NOW, translate)
        sentence = translate(THEN_NOW) % {"was": sentence, "now": now}
    return sentence
