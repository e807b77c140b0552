"""A negotiation's rounds as an iCalendar (RFC 5545) feed a reporter's calendar can follow.

Each round is one event whose UID is the round's uid, so it stays the same event however it
changes; SEQUENCE counts the times the round was moved, postponed or cancelled (its schedule
changes), so calendar apps replace the old copy; a cancelled round stays in the feed with
``STATUS:CANCELLED`` so it disappears from calendars instead of lingering. A round with a local
time carries its IANA zone (``TZID``), and the feed the VTIMEZONE blocks describing those zones,
so calendars that know no zone database still place it right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Negotiation, Round, RoundScheduleChange, RoundStatus
from tracker.services.schedule import describe_change

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//Negotiation Round Tracker//Rounds//EN"

STATUS = {
    RoundStatus.ANNOUNCED: "TENTATIVE",
    RoundStatus.SCHEDULED: "CONFIRMED",
    RoundStatus.HELD: "CONFIRMED",
    RoundStatus.POSTPONED: "TENTATIVE",
    RoundStatus.CANCELLED: "CANCELLED",
}


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(round_: Round, event: Event) -> None:
    """A timed event when the round has a time and zone, else an all-day event spanning every
    day the round may fall on.

    :raise ValueError: for an undated round, which has no place in a calendar.
    """
    earliest = round_.when_earliest
    if earliest is None:
        raise ValueError(f"round {round_.id} has no date to put in a calendar")
    zone = _zone(round_.when_timezone) or _zone(round_.venue.timezone if round_.venue else None)
    if round_.when_time is not None and zone is not None and earliest == round_.when_latest:
        start = dt.datetime.combine(earliest, round_.when_time, tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=3))
        return
    event.add("dtstart", earliest)
    event.add("dtend", (round_.when_latest or earliest) + dt.timedelta(days=1))


def _description(round_: Round) -> str:
    lines = [f"Status: {round_.status.label}", f"When: {round_.when_display}"]
    if round_.mediator is not None:
        lines.append(f"Mediator: {round_.mediator}")
    if round_.summary:
        lines += ["", round_.summary]
    if round_.schedule_changes:
        lines += ["", "Schedule changes:"]
        for change in round_.schedule_changes:
            lines.append(
                f"- {describe_change(change)}" + (f" — {change.note}" if change.note else "")
            )
    return "\n".join(lines)


def round_event(round_: Round, page_url: Callable[[Round], str] | None = None) -> Event:
    event = Event()
    event.add("uid", str(round_.uid))
    event.add("sequence", len(round_.schedule_changes))
    event.add("dtstamp", round_.updated_at)
    event.add("last-modified", round_.updated_at)
    event.add("created", round_.created_at)
    prefix = {RoundStatus.POSTPONED: "Postponed: ", RoundStatus.CANCELLED: "Cancelled: "}.get(
        round_.status, ""
    )
    event.add("summary", f"{prefix}{round_.negotiation.title} — {round_.label}")
    event.add("status", STATUS[round_.status])
    _when(round_, event)
    if round_.venue is not None:
        event.add("location", str(round_.venue))
        if round_.venue.latitude is not None and round_.venue.longitude is not None:
            event.add("geo", (round_.venue.latitude, round_.venue.longitude))
    event.add("description", _description(round_))
    if page_url is not None:
        event.add("url", page_url(round_))
    return event


def calendar_for(
    session: Session, negotiation: Negotiation, page_url: Callable[[Round], str] | None = None
) -> bytes:
    """Every dated round of ``negotiation`` (announced to cancelled) as one calendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{negotiation.title}: rounds")
    rounds = session.scalars(
        select(Round)
        .where(Round.negotiation_id == negotiation.id, Round.when_earliest.is_not(None))
        .options(
            selectinload(Round.schedule_changes).options(
                selectinload(RoundScheduleChange.previous_venue),
                selectinload(RoundScheduleChange.new_venue),
                selectinload(RoundScheduleChange.announced_by),
            ),
            selectinload(Round.venue),
            selectinload(Round.mediator),
            selectinload(Round.negotiation),
        )
        .order_by(Round.when_earliest, Round.id)
    )
    days: list[dt.date] = []
    for round_ in rounds:
        calendar.add_component(round_event(round_, page_url))
        days += [day for day in (round_.when_earliest, round_.when_latest) if day is not None]
    if days:
        # Only the years the rounds span: a zone's rules since 1970 would bloat every poll.
        calendar.add_missing_timezones(
            first_date=dt.date(min(days).year, 1, 1), last_date=dt.date(max(days).year + 1, 1, 1)
        )
    return calendar.to_ical()
