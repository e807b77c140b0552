"""Dates in an article resolved against its publication date, as EDTF, keeping the wording.

Newsroom copy dates events relative to the day it is published: "on Thursday", "this Sunday",
"tomorrow", "غداً السبت", "امروز جمعه". A bare weekday is the coming one when the words just
before it speak of the future (will, due, planned, المقرر, ستعقد) and the past one otherwise.
Vague spans ("the coming weekend", "next week", "the end of May") resolve to their first day
marked approximate with ``~``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tracker.assist.proposals import DateProposal

_EN_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_EN_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_EN_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_AR_WEEKDAYS = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3,
    "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
    "دوشنبه": 0, "سه‌شنبه": 1, "سه شنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "پنج‌شنبه": 3,
    "جمعه": 4, "شنبه": 5, "یکشنبه": 6, "یک‌شنبه": 6,
}  # fmt: skip
_AR_MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3, "أبريل": 4,
    "ابريل": 4, "نيسان": 4, "مايو": 5, "أيار": 5, "يونيو": 6, "حزيران": 6, "يوليو": 7,
    "تموز": 7, "أغسطس": 8, "آب": 8, "سبتمبر": 9, "أيلول": 9, "أكتوبر": 10, "تشرين الأول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12, "كانون الأول": 12,
}  # fmt: skip
_RELATIVE_DAYS = {
    "today": 0, "tomorrow": 1, "yesterday": -1, "the day after tomorrow": 2,
    "اليوم": 0, "غدا": 1, "غداً": 1, "غدًا": 1, "أمس": -1, "الأمس": -1, "يوم أمس": -1,
    "بعد غد": 2, "امروز": 0, "فردا": 1, "دیروز": -1,
}  # fmt: skip

_WEEKDAY_EN = "|".join(_EN_WEEKDAYS)
_MONTH_EN = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_DAY_NUMBER = r"(\d{1,2})(?:st|nd|rd|th)?"
_EN_DAY_OF_MONTH = rf"(?:({_MONTH_EN})\.?\s+{_DAY_NUMBER}(?:,?\s+(\d{{4}}))?|{_DAY_NUMBER}\s+({_MONTH_EN})(?:,?\s+(\d{{4}}))?)"

_EN_PATTERNS = [
    (
        "weekday_date",
        re.compile(
            rf"\b(?:on\s+)?(?:this\s+|next\s+|last\s+|coming\s+)?({_WEEKDAY_EN}),?\s+{_EN_DAY_OF_MONTH}\b",
            re.I,
        ),
    ),
    ("day_of_month", re.compile(rf"\b(?:on\s+)?{_EN_DAY_OF_MONTH}\b", re.I)),
    (
        "weekend",
        re.compile(r"\b(?:the\s+)?(this|next|coming|last|the coming)\s+weekend\b", re.I),
    ),
    ("week", re.compile(r"\b(next|last|this)\s+week\b", re.I)),
    (
        "month_part",
        re.compile(
            rf"\b(?:(?:the\s+)?(end|beginning|start|middle)\s+of\s+({_MONTH_EN})|(early|mid|late)[-\s]({_MONTH_EN}))\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?:on\s+)?(?:(this|next|last|coming)\s+)?({_WEEKDAY_EN})\b", re.I),
    ),
    (
        "relative",
        re.compile(r"\b(the day after tomorrow|today|tomorrow|yesterday)\b(?!['’]s)", re.I),
    ),
]

_AR_WEEKDAY = "|".join(sorted(_AR_WEEKDAYS, key=len, reverse=True))
_AR_RELATIVE = "|".join(
    sorted((k for k in _RELATIVE_DAYS if not k.isascii()), key=len, reverse=True)
)
_AR_MONTH = "|".join(sorted(_AR_MONTHS, key=len, reverse=True))
_AR_BOUND_BEFORE = r"(?<![\w\u200c])"
_AR_BOUND_AFTER = r"(?![\w\u200c])"
_AR_PATTERNS = [
    (
        "ar_day_of_month",
        re.compile(
            rf"{_AR_BOUND_BEFORE}(\d{{1,2}})\s+(?:من\s+)?({_AR_MONTH})(?:\s*/\s*\S+)?(?:\s+(\d{{4}}))?"
        ),
    ),
    (
        "ar_relative",
        re.compile(
            rf"{_AR_BOUND_BEFORE}({_AR_RELATIVE}){_AR_BOUND_AFTER}(?:\s+(?:يوم\s+)?({_AR_WEEKDAY}){_AR_BOUND_AFTER})?"
        ),
    ),
    (
        "ar_weekday",
        re.compile(
            rf"{_AR_BOUND_BEFORE}(?:يوم\s+|روز\s+)?({_AR_WEEKDAY}){_AR_BOUND_AFTER}(?:\s+(المقبل|القادم|الماضي|آینده|گذشته)){{0,1}}"
        ),
    ),
    (
        "ar_week",
        re.compile(rf"{_AR_BOUND_BEFORE}الأسبوع\s+(المقبل|القادم|الماضي){_AR_BOUND_AFTER}"),
    ),
    ("ar_weekend", re.compile(rf"{_AR_BOUND_BEFORE}نهاية\s+الأسبوع(?:\s+(المقبل|الحالي|الجاري))?")),
]

_FUTURE_EN = re.compile(
    r"\b(?:will|would|shall|'ll|due|scheduled|planned|planning|plans?|set|expected|"
    r"upcoming|to\s+(?:hold|meet|resume|begin|start|take|be|travel|attend))\b",
    re.I,
)
_FUTURE_AR = re.compile(
    r"(?:^|\s)(?:س[تينأ][^\s]{2,}|لن|المقرر|مقرر|مقررة|المقررة|المقبل|القادم|خواهد|قرار است)(?:\s|$)"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _nearest_year(published: dt.date, month: int, day: int) -> dt.date | None:
    """The day-month closest to publication: 'April 12' in a May report is this April."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda day: abs((day - published).days), default=None)


def _weekday(published: dt.date, weekday: int, direction: str) -> dt.date:
    """The weekday relative to publication: 'next'/'future' ahead, 'past' behind, same day 0."""
    ahead = (weekday - published.weekday()) % 7
    if direction == "future":
        return published + dt.timedelta(days=ahead)
    behind = (published.weekday() - weekday) % 7
    return published - dt.timedelta(days=behind)


# Words that open like a future verb (س + ت/ي/ن/أ) but are nouns or names.
_NOT_FUTURE_AR = {
    "سياسة", "سياسي", "سياسية", "سيادة", "سيطرة", "سيارة", "سيناريو", "سيناتور", "ستة", "ستين",
    "سنة", "سنوات", "سنوي", "سنوية", "ستيف", "ستيفن", "سيرغي", "سيرجي", "سيد", "سيدة",
}  # fmt: skip


def _is_future(text: str, start: int, latin: bool) -> bool:
    window = text[max(0, text.rfind("\n", 0, start) + 1, start - 60) : start]
    if latin:
        return bool(_FUTURE_EN.search(" ".join(window.split()[-8:])))
    words = [word for word in window.split() if word.strip("،,.:") not in _NOT_FUTURE_AR]
    return bool(_FUTURE_AR.search(" ".join(words)))


def _iso(day: dt.date | None, approximate: bool = False) -> str | None:
    return None if day is None else day.isoformat() + ("~" if approximate else "")


def _resolve_en(kind: str, match: re.Match, text: str, published: dt.date) -> str | None:
    groups = [g.lower() if g else g for g in match.groups()]
    if kind == "weekday_date":
        month_name, day, year = (
            groups[1] or groups[5],
            groups[2] or groups[4],
            groups[3] or groups[6],
        )
        month = _EN_MONTHS[month_name]
        if year:
            return _iso(dt.date(int(year), month, int(day)))
        return _iso(_nearest_year(published, month, int(day)))
    if kind == "day_of_month":
        month_name, day, year = (
            groups[0] or groups[4],
            groups[1] or groups[3],
            groups[2] or groups[5],
        )
        month = _EN_MONTHS[month_name]
        if year:
            return _iso(dt.date(int(year), month, int(day)))
        return _iso(_nearest_year(published, month, int(day)))
    if kind == "weekend":
        direction = "past" if groups[0] == "last" else "future"
        saturday = _weekday(published - dt.timedelta(days=1), 5, direction)
        if direction == "future" and saturday <= published:
            saturday += dt.timedelta(days=7)
        return _iso(saturday, approximate=True)
    if kind == "week":
        monday = published - dt.timedelta(days=published.weekday())
        offset = {"next": 7, "last": -7, "this": 0}[groups[0]]
        return _iso(monday + dt.timedelta(days=offset), approximate=True)
    if kind == "month_part":
        part, month_name = groups[0] or groups[2], groups[1] or groups[3]
        month = _EN_MONTHS[month_name]
        last_day = calendar.monthrange(published.year, month)[1]
        day = {"end": last_day, "late": last_day, "middle": 15, "mid": 15}.get(part, 1)
        year = published.year + (1 if month < published.month - 6 else 0)
        return _iso(dt.date(year, month, day), approximate=True)
    if kind == "weekday":
        modifier, weekday = groups[0], _EN_WEEKDAYS[groups[1]]
        if modifier in ("this", "next", "coming"):
            direction = "future"
        elif modifier == "last":
            direction = "past"
        else:
            direction = "future" if _is_future(text, match.start(), latin=True) else "past"
        day = _weekday(published, weekday, direction)
        if modifier in ("next", "last") and day == published:
            # "next Saturday" written on a Saturday is a week away, "last Saturday" a week ago.
            day += dt.timedelta(days=7 if modifier == "next" else -7)
        return _iso(day)
    if kind == "relative":
        return _iso(published + dt.timedelta(days=_RELATIVE_DAYS[groups[0]]))
    return None


def _resolve_ar(kind: str, match: re.Match, text: str, published: dt.date) -> str | None:
    groups = match.groups()
    if kind == "ar_day_of_month":
        day = int(groups[0].translate(_DIGITS))
        month = _AR_MONTHS[groups[1]]
        if groups[2]:
            return _iso(dt.date(int(groups[2].translate(_DIGITS)), month, day))
        return _iso(_nearest_year(published, month, day))
    if kind == "ar_relative":
        return _iso(published + dt.timedelta(days=_RELATIVE_DAYS[groups[0]]))
    if kind == "ar_weekday":
        weekday, modifier = _AR_WEEKDAYS[groups[0]], groups[1]
        if modifier in ("المقبل", "القادم", "آینده"):
            direction = "future"
        elif modifier in ("الماضي", "گذشته"):
            direction = "past"
        else:
            direction = "future" if _is_future(text, match.start(), latin=False) else "past"
        return _iso(_weekday(published, weekday, direction))
    if kind == "ar_week":
        monday = published - dt.timedelta(days=published.weekday())
        offset = -7 if groups[0] == "الماضي" else 7
        return _iso(monday + dt.timedelta(days=offset), approximate=True)
    if kind == "ar_weekend":
        saturday = _weekday(published, 4, "future")
        return _iso(saturday, approximate=True)
    return None


def find_dates(text: str, published: dt.date | None) -> list[DateProposal]:
    """Every date expression in the text, resolved when the publication date is known.

    Without a publication date only fully written dates ("April 12, 2025") resolve; the rest
    are still proposed with an empty EDTF so the editor sees the wording.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateProposal] = []
    normalised = text.translate(_DIGITS)
    for patterns, resolve in ((_EN_PATTERNS, _resolve_en), (_AR_PATTERNS, _resolve_ar)):
        for kind, pattern in patterns:
            for match in pattern.finditer(normalised):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                try:
                    edtf = resolve(kind, match, normalised, published) if published else None
                except (ValueError, KeyError):
                    continue
                taken.append((start, end))
                found.append(
                    DateProposal(wording=text[start:end], span=(start, end), edtf=edtf or "")
                )
    return sorted(found, key=lambda d: d.span)
