"""Downloads: CSV of every kind of record and of the timeline, TimelineJS, the data package.

Calendar and Atom feeds live in :mod:`tracker.views.feeds`, because feed readers sign in with a
feed secret instead of a session.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from tracker.csv_contract.kinds import ENTITY_EXPORTS, TabularExport, entity_export
from tracker.exports import datapackage, timelinejs
from tracker.exports.csv import MEDIA_TYPE, stream_csv
from tracker.exports.flat_timeline import timeline_export
from tracker.extensions import db
from tracker.models import Negotiation
from tracker.services.access import reader_of
from tracker.services.timeline import TimelineQuery

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _wants_bom() -> bool:
    return request.args.get("bom", "").lower() in {"1", "true", "yes", "on"}


def _download(export: TabularExport, filename: str) -> Response:
    """Stream ``export``: the first bytes leave before the last row is read."""
    engine = db.engine
    return Response(
        stream_csv(engine, export, bom=_wants_bom()),
        content_type=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d")


@bp.route("/")
def index():
    negotiations = db.session.scalars(select(Negotiation).order_by(Negotiation.title)).all()
    return render_template(
        "exports/index.html", exports=ENTITY_EXPORTS.values(), negotiations=negotiations
    )


@bp.route("/timeline.csv")
def timeline_csv():
    """The flat timeline, narrowed and ordered by the same parameters as the timeline page.

    :raise 400: naming each filter that cannot be read (the page drops them; a download must
        not silently hold something else than asked for).
    """
    reveals_speakers = reader_of(current_user).reveals_speakers
    query, errors = TimelineQuery.from_args(request.args, reveals_speakers=reveals_speakers)
    if errors:
        problems = "; ".join(
            f"{field}: {gettext(message)}" for field, message in sorted(errors.items())
        )
        abort(
            400,
            description=gettext(
                "Cannot export this timeline view. %(problems)s", problems=problems
            ),
        )
    return _download(timeline_export(db.session, query), f"timeline-{_stamp()}.csv")


@bp.route("/<name>.csv")
def entity_csv(name: str):
    """:raise 404: for a kind of record the tracker does not export."""
    export = entity_export(name, reader_of(current_user))
    if export is None:
        abort(404)
    return _download(export, f"{name}-{_stamp()}.csv")


@bp.route("/negotiations/<slug>/timelinejs.json")
def negotiation_timelinejs(slug: str):
    """:raise 404: for an unknown negotiation."""
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.slug == slug))
    if negotiation is None:
        abort(404)
    # Small per negotiation, and the ORM session closes with the request: build it whole.
    body = "".join(timelinejs.stream_timeline(db.session, negotiation))
    return Response(body, mimetype="application/json")


@bp.route("/datapackage.zip")
def data_package():
    """The whole database as CSVs with a Frictionless descriptor, zipped as it is written:
    what the signed-in reader may read (a viewer gets no edit history)."""
    engine = db.engine
    reader = reader_of(current_user)
    return Response(
        datapackage.stream_zip(engine, reader=reader),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="tracker-data-{_stamp()}.zip"',
        },
    )
