"""The rounds of a negotiation drawn on a time axis, as an SVG the server renders.

No script and no external service: the drawing is plain SVG that scales to a phone's width and
reads in a screenshot. Held rounds are filled, upcoming ones hollow, postponed ones dashed with
a line back to the date first set, cancelled ones crossed out; a vague date is drawn as the
span of days it allows.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.dates import parse_vague_date
from tracker.models import Negotiation, Round, RoundStatus

WIDTH = 720
MARGIN = 40
AXIS_Y = 110
HEIGHT = 240
COLOURS = {
    RoundStatus.HELD: "#17643a",
    RoundStatus.ANNOUNCED: "#0b57a4",
    RoundStatus.SCHEDULED: "#0b57a4",
    RoundStatus.POSTPONED: "#8a5a00",
    RoundStatus.CANCELLED: "#a4161a",
}


def _short(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def render(
    session: Session, negotiation: Negotiation, today: dt.date, standalone: bool = False
) -> Markup:
    """An SVG of ``negotiation``'s rounds; ``standalone`` adds the XML namespace header."""
    rounds = list(
        session.scalars(
            select(Round)
            .where(Round.negotiation_id == negotiation.id)
            .options(selectinload(Round.schedule_changes))
            .order_by(Round.when_earliest, Round.number, Round.id)
        )
    )
    dated = [r for r in rounds if r.when_earliest is not None]
    title = f"Rounds of {negotiation.title}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title-{negotiation.id}" class="round-chart" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="chart-title-{negotiation.id}">{escape(title)}</title>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{MARGIN}" y="24" font-weight="700" font-size="15">{escape(title)}</text>',
    ]
    if not dated:
        parts.append(f'<text x="{MARGIN}" y="{AXIS_Y}">No dated round yet.</text></svg>')
        return Markup("".join(parts))
    originals = {r.id: _first_date(r) for r in dated}
    days = [r.when_earliest for r in dated] + [r.when_latest or r.when_earliest for r in dated]
    days += [day for day in originals.values() if day is not None]
    start, end = min(days), max(days)
    if start - dt.timedelta(days=60) <= today <= end + dt.timedelta(days=60):
        start, end = min(start, today), max(end, today)
    span = max((end - start).days, 1)
    start -= dt.timedelta(days=max(1, span // 12))
    end += dt.timedelta(days=max(1, span // 12))
    span = (end - start).days

    def x(day: dt.date) -> float:
        return round(MARGIN + (day - start).days / span * (WIDTH - 2 * MARGIN), 1)

    parts.append(
        f'<line x1="{MARGIN}" y1="{AXIS_Y}" x2="{WIDTH - MARGIN}" y2="{AXIS_Y}" '
        'stroke="#5c6570" stroke-width="1.5"/>'
    )
    parts += _month_ticks(start, end, x)
    if start <= today <= end:
        parts.append(
            f'<line x1="{x(today)}" y1="{AXIS_Y - 45}" x2="{x(today)}" y2="{AXIS_Y + 45}" '
            'stroke="#5c6570" stroke-dasharray="2 3"/>'
            f'<text x="{x(today)}" y="{AXIS_Y + 58}" text-anchor="middle" fill="#5c6570" '
            'font-size="11">today</text>'
        )
    for index, r in enumerate(dated):
        parts += _round_mark(r, index, x, originals[r.id])
    parts += _legend()
    parts.append("</svg>")
    svg = "".join(parts)
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
    return Markup(svg)


def _first_date(r: Round) -> dt.date | None:
    """The earliest day the round was first set for, when it has moved since."""
    for change in r.schedule_changes:
        if change.previous_when_edtf and change.previous_when_edtf != r.when_edtf:
            return parse_vague_date(change.previous_when_edtf).earliest
    return None


def _month_ticks(start: dt.date, end: dt.date, x) -> list[str]:
    ticks = []
    month = start.replace(day=1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, months // 8)
    counter = 0
    while month <= end:
        if month >= start and counter % step == 0:
            label = (
                month.strftime("%b %Y") if month.month == 1 or not ticks else month.strftime("%b")
            )
            ticks.append(
                f'<line x1="{x(month)}" y1="{AXIS_Y - 4}" x2="{x(month)}" y2="{AXIS_Y + 4}" '
                f'stroke="#5c6570"/><text x="{x(month)}" y="{AXIS_Y + 20}" text-anchor="middle" '
                f'fill="#5c6570" font-size="11">{label}</text>'
            )
        counter += 1
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return ticks


def _round_mark(r: Round, index: int, x, original: dt.date | None) -> list[str]:
    colour = COLOURS[r.status]
    upcoming = r.status in (RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED)
    left, right = x(r.when_earliest), x(r.when_latest or r.when_earliest)
    centre = round((left + right) / 2, 1)
    above = index % 2 == 0
    label_y = AXIS_Y - 40 if above else AXIS_Y + 40
    parts = [f'<g class="round round-{r.status.value}">']
    parts.append(f"<title>{escape(r.label)}: {escape(r.when_display)} ({r.status.label})</title>")
    if right - left >= 2:
        dash = ' stroke-dasharray="4 3"' if upcoming or r.status is RoundStatus.POSTPONED else ""
        parts.append(
            f'<rect x="{left}" y="{AXIS_Y - 6}" width="{round(right - left, 1)}" height="12" '
            f'rx="6" fill="{colour}" fill-opacity="0.15" stroke="{colour}"{dash}/>'
        )
    fill = colour if r.status is RoundStatus.HELD else "#fff"
    dash = ' stroke-dasharray="3 2"' if r.status is RoundStatus.POSTPONED else ""
    parts.append(
        f'<circle cx="{centre}" cy="{AXIS_Y}" r="7" fill="{fill}" stroke="{colour}" '
        f'stroke-width="2.5"{dash}/>'
    )
    if r.status is RoundStatus.CANCELLED:
        parts.append(
            f'<path d="M{centre - 6} {AXIS_Y - 6} L{centre + 6} {AXIS_Y + 6} '
            f'M{centre + 6} {AXIS_Y - 6} L{centre - 6} {AXIS_Y + 6}" stroke="{colour}" '
            'stroke-width="2.5"/>'
        )
    if original is not None:
        parts.append(
            f'<path d="M{x(original)} {AXIS_Y} Q{round((x(original) + centre) / 2, 1)} '
            f'{AXIS_Y - 30} {centre} {AXIS_Y - 8}" fill="none" stroke="{colour}" '
            'stroke-dasharray="3 3"/>'
            f'<circle cx="{x(original)}" cy="{AXIS_Y}" r="4" fill="#fff" stroke="{colour}"/>'
        )
    parts.append(
        f'<line x1="{centre}" y1="{AXIS_Y + (-9 if above else 9)}" x2="{centre}" '
        f'y2="{label_y + (6 if above else -14)}" stroke="{colour}" stroke-width="1"/>'
    )
    name = f"R{r.number}" if r.number is not None else "Round"
    if r.title:
        name = f"{name} {r.title}"
    when = _short(r.when_earliest)
    if r.when_latest and r.when_latest != r.when_earliest:
        when = f"{when}–{_short(r.when_latest)}"
    if r.when and (r.when.approximate or r.when.uncertain):
        when = f"~{when}"
    parts.append(
        f'<text x="{centre}" y="{label_y - 10}" text-anchor="middle" font-weight="600" '
        f'fill="{colour}" direction="ltr" unicode-bidi="plaintext">{escape(name)}</text>'
        f'<text x="{centre}" y="{label_y + 4}" text-anchor="middle" fill="#1b1f24" '
        f'font-size="11">{escape(when)} · {r.status.label.lower()}</text>'
    )
    parts.append("</g>")
    return parts


def _legend() -> list[str]:
    y = HEIGHT - 22
    items = [
        ("held", COLOURS[RoundStatus.HELD], True, ""),
        ("upcoming", COLOURS[RoundStatus.ANNOUNCED], False, ""),
        ("postponed", COLOURS[RoundStatus.POSTPONED], False, ' stroke-dasharray="3 2"'),
        ("cancelled", COLOURS[RoundStatus.CANCELLED], False, ""),
    ]
    parts = []
    for position, (label, colour, filled, dash) in enumerate(items):
        cx = MARGIN + position * 150
        fill = colour if filled else "#fff"
        parts.append(
            f'<circle cx="{cx}" cy="{y}" r="6" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
            f'<text x="{cx + 12}" y="{y + 4}" font-size="12">{label}</text>'
        )
        if label == "cancelled":
            parts.append(
                f'<path d="M{cx - 5} {y - 5} L{cx + 5} {y + 5} M{cx + 5} {y - 5} L{cx - 5} {y + 5}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
    return parts
