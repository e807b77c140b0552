"""Calendar and Atom feeds per negotiation, and the page where a user manages feed secrets.

Calendar apps and feed readers cannot sign in, so a feed URL may carry ``?key=SECRET``; a
secret opens only the feed it was made for. A signed-in browser needs no key.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from tracker.exports import atom, ical
from tracker.extensions import db
from tracker.http_access import public
from tracker.models import FeedKind, Negotiation
from tracker.services import feeds as service
from tracker.services.errors import PermissionDenied, RecordNotFound
from tracker.views.helpers import record_url

bp = Blueprint("feeds", __name__)

#: the kinds of feed (tracker.models.feeds, which knows no Flask), as the links table names them
FEED_KINDS = (_l("Calendar"), _l("Atom"))


def _negotiation(slug: str) -> Negotiation:
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.slug == slug))
    if negotiation is None:
        abort(404)
    return negotiation


def _let_in(negotiation: Negotiation, kind: FeedKind) -> None:
    """:raise 403: unless signed in or holding a live secret for this very feed."""
    if current_user.is_authenticated:
        return
    key = request.args.get("key", "")
    if not key:
        abort(401, description=gettext("Sign in, or use the feed link from your Feeds page."))
    try:
        service.open_feed(db.session, key, negotiation, kind)
    except PermissionDenied as error:
        db.session.rollback()
        abort(403, description=str(error))
    db.session.commit()


@bp.route("/feeds/<slug>/calendar.ics")
@public
def calendar(slug: str):
    negotiation = _negotiation(slug)
    _let_in(negotiation, FeedKind.CALENDAR)
    body = ical.calendar_for(
        db.session,
        negotiation,
        page_url=lambda round_: url_for("rounds.show", record_id=round_.id, _external=True),
    )
    return Response(body, content_type=ical.MEDIA_TYPE)


@bp.route("/feeds/<slug>/entries.atom")
@public
def entries(slug: str):
    negotiation = _negotiation(slug)
    _let_in(negotiation, FeedKind.ATOM)

    def page_url(record):
        path = record_url(record)
        return request.host_url.rstrip("/") + path if path else None

    body = atom.atom_for(
        db.session,
        negotiation,
        feed_url=url_for("feeds.entries", slug=slug, _external=True),
        page_url=page_url,
    )
    return Response(body, content_type=atom.MEDIA_TYPE)


@bp.route("/account/feeds", methods=["GET", "POST"])
def manage():
    """Make a feed link (shown once: only its hash is kept) or revoke one. ``?negotiation=``
    (a slug: the "Subscribe" link of a negotiation's row) chooses that negotiation."""
    negotiations = db.session.scalars(select(Negotiation).order_by(Negotiation.title)).all()
    chosen = request.form.get("negotiation_id") or next(
        (str(n.id) for n in negotiations if n.slug == request.args.get("negotiation")), ""
    )
    new_link = None
    if request.method == "POST":
        if request.form.get("revoke", "").isdigit():
            try:
                service.revoke_secret(db.session, current_user, int(request.form["revoke"]))
            except RecordNotFound:
                abort(404)
            db.session.commit()
        else:
            negotiation = next(
                (n for n in negotiations if str(n.id) == request.form.get("negotiation_id")), None
            )
            kind = request.form.get("kind", "")
            if negotiation is None or kind not in {member.value for member in FeedKind}:
                abort(400, description=gettext("Choose a negotiation and a kind of feed."))
            _token, secret = service.issue_secret(
                db.session, current_user, negotiation, FeedKind(kind)
            )
            db.session.commit()
            endpoint = "feeds.calendar" if kind == FeedKind.CALENDAR else "feeds.entries"
            new_link = url_for(endpoint, slug=negotiation.slug, key=secret, _external=True)
    return render_template(
        "exports/feeds.html",
        negotiations=negotiations,
        chosen_negotiation=chosen,
        tokens=service.secrets_of(db.session, current_user),
        new_link=new_link,
        FeedKind=FeedKind,
    )
