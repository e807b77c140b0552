"""The reporters' timeline: the stream, its filters and search, and the rounds drawn on an axis."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from tracker.extensions import db
from tracker.i18n import current_language, translate
from tracker.models import EntryKind, Negotiation, Round, Topic, Verification
from tracker.services import overview, positions, round_chart, timeline
from tracker.services.access import reader_of
from tracker.services.search_text import highlight
from tracker.services.timeline import TimelineQuery
from tracker.views.helpers import round_name

bp = Blueprint("timeline", __name__, url_prefix="/timeline")

#: how firm a coming round's date is (tracker.services.overview, which knows no Flask), listed
#: so the extractor finds them; the "What's next" cards show them with ``tr()``
CERTAINTIES = (
    _l("date not set"),
    _l("date confirmed"),
    _l("date set"),
    _l("date unconfirmed"),
    _l("date expected"),
    _l("date approximate"),
)


@bp.app_template_filter("highlight")
def highlight_filter(text: str | None, terms: list[str]) -> str:
    return highlight(text, terms)


@bp.app_template_global()
def positions_on(topic: Topic) -> list[positions.PartyPositions]:
    """For the topic page: the statements on ``topic``, party by party."""
    return positions.topic_positions(db.session, topic, reader_of(current_user))


@bp.app_template_global()
def timeline_of(facet: str, record_id: int) -> timeline.TimelinePage:
    """For organisation pages: the oldest entries naming the record, as a timeline page."""
    reveals = reader_of(current_user).reveals_speakers
    by_facet: dict[str, Any] = {facet: record_id}  # the facet is only known at run time
    query = TimelineQuery(**by_facet, order="oldest", reveals_speakers=reveals)
    return timeline.page(db.session, query)


@bp.route("/")
def index():
    """The stream, newest first; every filter lives in the URL, so a link reopens the view."""
    query, errors = TimelineQuery.from_args(
        request.args, reveals_speakers=reader_of(current_user).reveals_speakers
    )
    errors = {name: gettext(message) for name, message in errors.items()}
    total = timeline.count(db.session, query)
    result = timeline.page(db.session, query, total=total)
    counts = timeline.facets(db.session, query, total=total)
    _name_rounds_for_the_reader(counts)
    today = dt.datetime.now(dt.UTC).date()
    show_next = result.is_first and not query.is_filtered
    negotiations = list(db.session.scalars(select(Negotiation).order_by(Negotiation.title)))
    chart_negotiation = _chart_negotiation(query, negotiations)
    body = render_template(
        "timeline/index.html",
        query=query,
        errors=errors,
        result=result,
        counts=counts,
        terms=query.terms,
        upcoming=overview.whats_next(db.session, today) if show_next else [],
        today=today,
        negotiations=negotiations,
        kinds=list(EntryKind),
        verifications=list(Verification),
        chart=Markup(render_chart(chart_negotiation, today))
        if chart_negotiation and result.is_first
        else None,
        chart_negotiation=chart_negotiation,
        month_range=timeline.month_range,
        month_label=month_label,
        rank_limit=timeline.RANK_LIMIT,
        facet_scan_limit=timeline.FACET_SCAN_LIMIT,
    )
    return body, 400 if errors else 200


def _name_rounds_for_the_reader(counts: timeline.Facets) -> None:
    """The service names the round facet's values in English; the page names them in the
    reader's language. The rounds are already in the session, so this costs no query."""
    for value in counts.values.get("round", []):
        found = db.session.get(Round, int(value.value)) if value.value.isdigit() else None
        if found is not None:
            value.label = round_name(found)


def month_label(month: str) -> str:
    """A month facet ("2025-04") as the reader's language names it: "April 2025", "أبريل 2025"."""
    return format_date(dt.date.fromisoformat(f"{month}-01"), "MMMM y")


def _chart_negotiation(query: TimelineQuery, negotiations: list[Negotiation]) -> Negotiation | None:
    """The negotiation whose rounds to draw: the one filtered on, or the only one there is."""
    if query.negotiation is not None:
        return next((n for n in negotiations if n.id == query.negotiation), None)
    return negotiations[0] if len(negotiations) == 1 else None


@bp.route("/negotiations/<int:negotiation_id>/rounds.svg")
def rounds_chart(negotiation_id: int):
    """The rounds of one negotiation on a time axis, as a standalone SVG to put in a story.

    :raise 404: when there is no such negotiation.
    """
    negotiation = db.session.get(Negotiation, negotiation_id)
    if negotiation is None:
        abort(404, gettext("There is no negotiation %(id)s.", id=negotiation_id))
    today = dt.datetime.now(dt.UTC).date()
    return Response(render_chart(negotiation, today, standalone=True), mimetype="image/svg+xml")


def render_chart(negotiation: Negotiation, today: dt.date, standalone: bool = False) -> str:
    """The SVG of ``negotiation``'s rounds in the reader's language and direction;
    ``standalone`` adds the XML declaration a file needs."""
    rtl = current_language().direction == "rtl"
    chart = round_chart.layout(
        db.session, negotiation, today, rtl, lambda r: max(len(line) for line in chart_label(r))
    )
    return render_template(
        "timeline/round_chart.svg", chart=chart, chart_label=chart_label, standalone=standalone
    )


def chart_label(r: Round) -> tuple[str, str]:
    """A round's two label lines on the chart: "R2 Rome" and "19 Apr · held"."""
    name = gettext("R%(number)s", number=r.number) if r.number is not None else gettext("Round")
    if r.title:
        name = f"{name} {r.title}"
    when = format_date(r.when_earliest, "d MMM")
    if r.when_latest and r.when_latest != r.when_earliest:
        when = f"{when}–{format_date(r.when_latest, 'd MMM')}"
    if r.when and (r.when.approximate or r.when.uncertain):
        when = gettext("~%(date)s", date=when)
    return name, f"{when} · {translate(r.status.label).lower()}"


@bp.app_template_filter("month_name")
def month_name(month: dt.date, with_year: bool = False) -> str:
    """A month tick on the chart, "Apr" or "Jan 2026", in the reader's language."""
    return format_date(month, "MMM y" if with_year else "MMM")
