"""Quick add: one short form from the timeline logs a fact with its source."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.extensions import db
from tracker.forms.quick_add import QuickAddForm
from tracker.http_access import role_required
from tracker.i18n import translated
from tracker.models import Organisation, Round, UserRole
from tracker.services.errors import PermissionDenied, RuleViolation
from tracker.services.quick_add import log_with_source
from tracker.views import choices

bp = Blueprint("quick_add", __name__, url_prefix="/quick-add")

#: a service's field -> the quick-add field that shows its refusal
FIELD_FOR = {
    "headline": "text",
    "text_original": "text",
    "summary": "text",
    "source_ids": "source_outlet",
    "speaker_description": "speaker_description",
}


@bp.route("/", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def index():
    form = QuickAddForm()
    if request.method == "GET":
        _prefill(form)
    form.negotiation_id.choices = choices.optional(choices.negotiations(db.session))
    form.round_id.choices = choices.optional(choices.rounds(db.session))
    form.speaker_id.choices = choices.optional(choices.people(db.session))
    if form.validate_on_submit():
        try:
            record = log_with_source(db.session, current_user, form.fact(), form.source())
            db.session.commit()
        except RuleViolation as violation:
            db.session.rollback()
            _show_refusal(form, violation)
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        else:
            flash(
                _("Logged, with its source: %(what)s", what=form.text.data.strip()[:120]), "success"
            )
            return redirect(url_for("timeline.index", negotiation=_negotiation_of(record)))
    outlets = db.session.scalars(select(Organisation.name).order_by(Organisation.name)).all()
    status = 422 if form.errors else 200
    return render_template("quick_add/form.html", form=form, outlets=outlets), status


def _negotiation_of(record) -> int | None:
    """The negotiation whose timeline shows the new entry (none for a stray statement)."""
    if getattr(record, "negotiation_id", None) is not None:
        return record.negotiation_id
    return record.round.negotiation_id if record.round is not None else None


def _prefill(form: QuickAddForm) -> None:
    """Today's date, and the negotiation or round the editor came from."""
    today = dt.datetime.now(dt.UTC).date()
    form.when_edtf.data = today.isoformat()
    form.published_on.data = today
    for name in ("negotiation_id", "round_id"):
        value = request.args.get(name, "")
        if value.isdigit():
            form[name].data = int(value)
    if form.round_id.data and not form.negotiation_id.data:
        round_ = db.session.get(Round, form.round_id.data)
        form.negotiation_id.data = round_.negotiation_id if round_ else None
    if request.args.get("kind") in {choice.value for choice in form.kind.choices}:
        form.kind.data = request.args["kind"]


def _show_refusal(form: QuickAddForm, violation: RuleViolation) -> None:
    name = FIELD_FOR.get(violation.field or "", violation.field)
    target = form._fields.get(name) if name else None
    if target is not None:
        target.errors = [*target.errors, translated(violation)]
    else:
        form.form_errors.append(translated(violation))
