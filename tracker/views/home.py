"""The home page: what is scheduled next, and the negotiations the desk follows."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template

from tracker.extensions import db
from tracker.services import overview

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    today = dt.datetime.now(dt.UTC).date()
    return render_template(
        "home/index.html",
        upcoming=overview.whats_next(db.session, today),
        negotiations=overview.negotiations_with_rounds(db.session),
    )
