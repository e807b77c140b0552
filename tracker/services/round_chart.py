"""The rounds of a negotiation placed on a time axis, for the SVG chart the server renders.

No script and no external service: ``templates/timeline/round_chart.svg`` draws plain SVG that
scales to a phone's width and reads in a screenshot. Held rounds are filled, upcoming ones
hollow, postponed ones dashed with a line back to the date first set, cancelled ones crossed
out; a vague date is drawn as the span of days it allows. This module only measures: where
each mark, label and month tick goes. Words are the template's, in the reader's language, and
in a right-to-left language time runs from right to left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.dates import parse_vague_date
from tracker.models import Negotiation, Round, RoundStatus

#: the drawing's own units; the SVG scales to whatever width the page gives it. Narrow enough
#: that its 12-unit text stays legible on a 375 px phone.
WIDTH = 400
MARGIN = 24
#: label rows, nearest the axis first: above, below, further above, further below
LANES = (-40, 40, -78, 78)
TITLE_ROOM = 40
#: a label's width per character, in drawing units (12-unit text, with room to spare)
CHARACTER_WIDTH = 6.5
COLOURS = {
    RoundStatus.HELD: "#17643a",
    RoundStatus.ANNOUNCED: "#0b57a4",
    RoundStatus.SCHEDULED: "#0b57a4",
    RoundStatus.POSTPONED: "#8a5a00",
    RoundStatus.CANCELLED: "#a4161a",
}
UPCOMING = (RoundStatus.ANNOUNCED, RoundStatus.SCHEDULED)


@dataclass(frozen=True)
class MonthTick:
    x: float
    month: dt.date
    with_year: bool


@dataclass(frozen=True)
class RoundMark:
    """One round on the axis: its span of possible days, its label's lane and its first date."""

    round: Round
    left: float
    right: float
    lane: int
    original_x: float | None

    @property
    def centre(self) -> float:
        return round((self.left + self.right) / 2, 1)

    axis_y: int = 0
    #: where the label is centred: over the mark, unless that would push it past an edge
    label_x: float = 0.0

    @property
    def label_y(self) -> int:
        return self.axis_y + LANES[self.lane]

    @property
    def above(self) -> bool:
        return LANES[self.lane] < 0

    @property
    def colour(self) -> str:
        return COLOURS[self.round.status]

    @property
    def upcoming(self) -> bool:
        return self.round.status in UPCOMING


@dataclass
class RoundChart:
    """Everything the template needs to draw one negotiation's rounds."""

    negotiation: Negotiation
    rtl: bool
    marks: list[RoundMark] = field(default_factory=list)
    ticks: list[MonthTick] = field(default_factory=list)
    today_x: float | None = None
    width: int = WIDTH
    margin: int = MARGIN
    axis_y: int = TITLE_ROOM + 50
    #: how far below the axis the lowest round label reaches
    below: int = 44
    colours: dict[RoundStatus, str] = field(default_factory=lambda: dict(COLOURS))

    @property
    def start_x(self) -> int:
        """Where text lines start: the left margin, or the right one in a right-to-left page."""
        return self.width - self.margin if self.rtl else self.margin

    def inward(self, x: float, distance: float) -> float:
        """``distance`` further along the reading direction from ``x``."""
        return x - distance if self.rtl else x + distance

    @property
    def today_label_y(self) -> int:
        return self.axis_y + self.below + 18

    @property
    def height(self) -> int:
        return self.today_label_y + 60

    def legend_position(self, index: int) -> tuple[float, int]:
        """Legend items in two columns, two rows, so the legend fits a phone's width."""
        column, row = index % 2, index // 2
        x = self.inward(self.start_x + (-1 if self.rtl else 1) * 6, column * (self.width / 2))
        return round(x, 1), self.today_label_y + 26 + row * 22


def layout(
    session: Session,
    negotiation: Negotiation,
    today: dt.date,
    rtl: bool,
    label_length: Callable[[Round], int],
) -> RoundChart:
    """Measure the chart of ``negotiation``'s rounds. ``label_length`` gives the characters of
    a round's longest label line in the reader's language, so labels that would overlap go to
    another lane."""
    rounds = list(
        session.scalars(
            select(Round)
            .where(Round.negotiation_id == negotiation.id)
            .options(selectinload(Round.schedule_changes))
            .order_by(Round.when_earliest, Round.number, Round.id)
        )
    )
    chart = RoundChart(negotiation, rtl)
    dated = [
        (r, r.when_earliest, r.when_latest or r.when_earliest)
        for r in rounds
        if r.when_earliest is not None
    ]
    if not dated:
        return chart
    originals = {r.id: _first_date(r) for r, _, _ in dated}
    days = [earliest for _, earliest, _ in dated] + [latest for _, _, latest in dated]
    days += [day for day in originals.values() if day is not None]
    start, end = min(days), max(days)
    if start - dt.timedelta(days=60) <= today <= end + dt.timedelta(days=60):
        start, end = min(start, today), max(end, today)
    span = max((end - start).days, 1)
    start -= dt.timedelta(days=max(1, span // 12))
    end += dt.timedelta(days=max(1, span // 12))
    span = (end - start).days

    def x(day: dt.date) -> float:
        along = (day - start).days / span * (WIDTH - 2 * MARGIN)
        return round(WIDTH - MARGIN - along if rtl else MARGIN + along, 1)

    chart.ticks = _month_ticks(start, end, x)
    if start <= today <= end:
        chart.today_x = x(today)
    lane_ends: list[float | None] = [None] * len(LANES)
    marks = []
    for r, earliest, latest in dated:
        left, right = sorted((x(earliest), x(latest)))
        centre = (left + right) / 2
        half = label_length(r) * CHARACTER_WIDTH / 2
        label_x = round(min(max(centre, half + 4), WIDTH - half - 4), 1)
        lane = _free_lane(lane_ends, label_x - half, label_x + half, rtl)
        lane_ends[lane] = label_x + half if not rtl else label_x - half
        original = originals[r.id]
        marks.append((r, left, right, lane, x(original) if original is not None else None, label_x))
    lanes_used = {mark[3] for mark in marks}
    chart.axis_y = TITLE_ROOM + (88 if 2 in lanes_used else 50)
    chart.below = 82 if 3 in lanes_used else 44
    chart.marks = [
        RoundMark(r, left, right, lane, original_x, chart.axis_y, label_x)
        for r, left, right, lane, original_x, label_x in marks
    ]
    return chart


def _free_lane(lane_ends: list[float | None], low: float, high: float, rtl: bool) -> int:
    """The nearest lane whose last label ends before this one begins (in reading order);
    when every lane is taken, the one that frees up first."""
    for lane, end in enumerate(lane_ends):
        if end is None or (end < low if not rtl else end > high):
            return lane
    ends = [end or 0.0 for end in lane_ends]
    return ends.index(max(ends) if rtl else min(ends))


def _first_date(r: Round) -> dt.date | None:
    """The earliest day the round was first set for, when it has moved since."""
    for change in r.schedule_changes:
        if change.previous_when_edtf and change.previous_when_edtf != r.when_edtf:
            return parse_vague_date(change.previous_when_edtf).earliest
    return None


def _month_ticks(start: dt.date, end: dt.date, x: Callable[[dt.date], float]) -> list[MonthTick]:
    ticks: list[MonthTick] = []
    month = start.replace(day=1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, months // 5)
    counter = 0
    while month <= end:
        if month >= start and counter % step == 0:
            ticks.append(MonthTick(x(month), month, month.month == 1 or not ticks))
        counter += 1
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return ticks
