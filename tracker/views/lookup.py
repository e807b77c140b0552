"""Type-ahead look-ups for the pickers, and the small creation forms they open in a dialog.

Signed-in users only (every view is, unless marked public). The pickers in
``static/pickers.js`` call :func:`find` to narrow long select lists as the editor types and,
when the typed name matches nothing, open :func:`create`'s form in a dialog, so a missing
person, organisation, venue, topic or source is added without leaving the form that needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from tracker.db import Record
from tracker.extensions import db
from tracker.http_access import role_required
from tracker.models import Organisation, OrganisationKind, Person, Source, Topic, UserRole, Venue
from tracker.views import catalogue
from tracker.views.crud import RecordPages, save_form

bp = Blueprint("lookup", __name__, url_prefix="/lookup")

LIMIT = 20

#: kind -> (model, columns searched, columns ordered by)
KINDS: dict[str, tuple[type[Record], tuple[str, ...], str]] = {
    "people": (Person, ("name", "name_original"), "name"),
    "organisations": (Organisation, ("name", "name_original", "abbreviation"), "name"),
    "venues": (Venue, ("name", "name_original", "city"), "name"),
    "topics": (Topic, ("name", "name_original"), "name"),
    "sources": (Source, ("headline", "url", "archive_url"), "headline"),
}


@dataclass(frozen=True)
class InlineCreation:
    """The few fields that make a usable record of one kind, asked for in a picker's dialog;
    the rest is filled in later on the record's own page."""

    pages: RecordPages
    heading: str
    fields: tuple[str, ...]
    #: the picker's offer, ``%(name)s`` being what the editor typed
    offer: str


#: kind -> what its dialog asks; the first field receives the name typed in the picker
CREATABLE = {
    "people": InlineCreation(
        catalogue.person_pages,
        _l("New person"),
        ("name", "name_original", "organisation_id"),
        _l("Add “%(name)s” as new person…"),
    ),
    "organisations": InlineCreation(
        catalogue.organisation_pages,
        _l("New organisation"),
        ("name", "name_original", "kind"),
        _l("Add “%(name)s” as new organisation…"),
    ),
    "venues": InlineCreation(
        catalogue.venue_pages,
        _l("New venue"),
        ("name", "city", "country_code"),
        _l("Add “%(name)s” as new venue…"),
    ),
    "topics": InlineCreation(
        catalogue.topic_pages,
        _l("New topic"),
        ("name", "name_original"),
        _l("Add “%(name)s” as new topic…"),
    ),
    "sources": InlineCreation(
        catalogue.source_pages,
        _l("New source"),
        ("headline", "url", "outlet_id", "published_on"),
        _l("Add “%(name)s” as new source…"),
    ),
}

#: what the type-ahead box says; ``%(count)d`` and ``%(name)s`` are filled in by pickers.js
PICKER_WORDS = {
    "filter": _l("Type to narrow the list"),
    "none": _l("No match."),
    "found": _l("%(count)d matching"),
    "added": _l("Added “%(name)s” and chose it."),
    "failed": _l("Could not save. Try again."),
}


@bp.app_template_global()
def picker_words() -> dict[str, object]:
    """The pickers' words in the reader's language, for base.html to hand to pickers.js as
    JSON: the catalogue owns them, not the script. Placeholders are left for the script."""
    return {
        **{name: str(words) for name, words in PICKER_WORDS.items()},
        "add": {kind: str(creation.offer) for kind, creation in CREATABLE.items()},
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
    if model is Source and query.startswith(("https://", "http://")):
        # a pasted link finds its source with or without the trailing slash or #fragment
        query = query.split("#", 1)[0].rstrip("/")
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


@bp.route("/<kind>/new", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def create(kind: str):
    """GET: the dialog's form, ``?text=`` (what the editor typed) filled in: a link goes to a
    source's URL, anything else to the name; ``?for=outlet_id`` makes an organisation a media
    outlet. POST: create the record through the ordinary
    service (same rules, same history) and answer ``201 {"id", "label"}``, or ``422`` with
    ``{"errors": {field: [messages]}, "form_errors": [messages]}``.

    :raise 404: for a kind that cannot be created here.
    """
    if kind not in CREATABLE:
        abort(404, f"Nothing to create under “{kind}”.")
    creation = CREATABLE[kind]
    form = creation.pages.form_class(prefix=f"new-{kind}")
    creation.pages.fill_choices(db.session, form)
    if request.method == "GET":
        typed = request.args.get("text", "").strip()[:500]
        target = "url" if kind == "sources" and typed.startswith(("https://", "http://")) else None
        form[target or creation.fields[0]].data = typed
        if kind == "organisations" and request.args.get("for") == "outlet_id":
            form["kind"].data = OrganisationKind.MEDIA_OUTLET.value  # a source's outlet
        return render_template("lookup/new.html", kind=kind, creation=creation, form=form)
    if form.validate_on_submit():
        saved = save_form(creation.pages, form, None)
        if saved is not None:
            return jsonify(id=saved.id, label=_label(saved)), 201
    errors = {
        field.short_name: [str(message) for message in field.errors]
        for field in form
        if field.errors
    }
    return jsonify(errors=errors, form_errors=[str(e) for e in form.form_errors]), 422
