"""Type-ahead look-ups for the pickers: a few matching records by name, as JSON.

Signed-in users only (every view is, unless marked public). The pickers in
``static/pickers.js`` call these to narrow long select lists as the editor types.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.models import Organisation, Person, Source, Topic, Venue

bp = Blueprint("lookup", __name__, url_prefix="/lookup")

LIMIT = 20

#: kind -> (model, columns searched, columns ordered by)
KINDS = {
    "people": (Person, ("name", "name_original"), "name"),
    "organisations": (Organisation, ("name", "name_original", "abbreviation"), "name"),
    "venues": (Venue, ("name", "name_original", "city"), "name"),
    "topics": (Topic, ("name", "name_original"), "name"),
    "sources": (Source, ("headline", "url"), "headline"),
}


@bp.route("/<kind>")
def find(kind: str):
    """``?q=`` words anywhere in the name, in any script; at most 20 matches.

    :raise 404: for an unknown kind. :raise 400: for a missing or over-long query.
    """
    if kind not in KINDS:
        abort(404, f"Nothing to look up under “{kind}”.")
    query = request.args.get("q", "").strip()
    if not query or len(query) > 200:
        abort(400, "Give q, the words to look for (up to 200 characters).")
    model, columns, order = KINDS[kind]
    pattern = f"%{query}%"
    statement = (
        select(model)
        .where(or_(*(getattr(model, column).ilike(pattern) for column in columns)))
        .order_by(getattr(model, order), model.id)
        .limit(LIMIT)
    )
    if model is Source:
        statement = statement.options(joinedload(Source.outlet))
    rows = db.session.scalars(statement).all()
    return jsonify(results=[{"id": row.id, "label": _label(row)} for row in rows])


def _label(row) -> str:
    """The same wording as the select lists' options, so a pick reads the same either way."""
    original = getattr(row, "name_original", None)
    name = str(row)
    return f"{name} · {original}" if original and original not in name else name
