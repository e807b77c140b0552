"""The history pages: site-wide recent changes for editors, one change, and restoring a
deleted record (admins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Column, Date, DateTime
from werkzeug.datastructures import MultiDict

from tracker.extensions import db
from tracker.forms.fields import options
from tracker.forms.history import ChangeFilterForm
from tracker.http_access import role_required
from tracker.i18n import day, moment, translate, translated
from tracker.kinds.declarations import kind_writing
from tracker.models import ChangeAction, ChangeRecord, UserRole
from tracker.services import history
from tracker.services.access import reader_of
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation, StaleRecord
from tracker.services.registry import service_for
from tracker.views.helpers import detail_endpoint

bp = Blueprint("changes", __name__, url_prefix="/changes")

PAGE_SIZE = 50

#: field names that read badly as they are
FIELD_NAMES = {
    "when_edtf": _l("Date (EDTF)"),
    "when_earliest": _l("Earliest date"),
    "when_latest": _l("Latest date"),
    "when_time": _l("Local time"),
    "when_timezone": _l("Time zone"),
    "when_text": _l("Date as reported"),
    "password_hash": _l("Password"),
    "session_token": _l("Sign-in token"),
    "country_code": _l("Country"),
    "timezone": _l("Time zone"),
    "name_original": _l("Name in original script"),
    "name_original_language": _l("Language of that name"),
    "aliases": _l("Other spellings"),
    "slug": _l("Short name for links"),
    "party_ids": _l("Parties"),
    "person_ids": _l("People"),
    "speaker_organisation_id": _l("Speaker's organisation"),
    "text_original": _l("Words, exactly as published"),
    "valid_from": _l("Held from"),
    "valid_to": _l("Held until"),
}

#: the history's actions (tracker.models.history, which knows no Flask), as the filter and
#: each change's badge name them; listed so the extractor finds them
ACTIONS = (
    _l("Create"),
    _l("Update"),
    _l("Delete"),
    _l("Restore"),
    _l("Rollback"),
    _l("created"),
    _l("edited"),
    _l("deleted"),
    _l("restored"),
    _l("rolled back"),
)

#: kinds of record that no list page names, as the history's lines call them
RECORD_KINDS = (_l("user"), _l("outcome"))


@bp.app_template_global()
def record_label(change: ChangeRecord) -> str:
    """How a change names its record. Changes saved before every record had a name hold
    Python's default ``<… object at 0x…>`` text, which means nothing to a reader: the kind and
    id stand in for it."""
    label = change.record_label or ""
    if not label or (label.startswith("<") and " object at 0x" in label):
        return f"{gettext(change.record_kind)} {change.record_id}"
    return label


def field_name(field: str, record_kind: str | None = None) -> str:
    """How the history names a field: as the page always has, else by its declared label."""
    if field in FIELD_NAMES:
        return str(FIELD_NAMES[field])
    kind = kind_writing(record_kind) if record_kind else None
    if kind is not None and any(field in (spec.attribute, spec.value_key) for spec in kind.fields):
        return translate(kind.field(field).label)
    for suffix, replacement in (("_ids", "s"), ("_id", "")):
        if field.endswith(suffix):
            field = field.removesuffix(suffix) + replacement
    return gettext(field.replace("_", " ").capitalize())


def present_changes(_service: Any, changes: Sequence[ChangeRecord]) -> dict[int, list[dict]]:
    """Each change's diff as rows a person reads: field, before, after (ids named)."""
    names = history.related_labels(db.session, changes)

    def readable(kind: str, field: str, value: Any) -> Any:
        column = _column_of(kind, field)
        vocabulary = getattr(column.type, "enum_class", None) if column is not None else None
        if vocabulary is not None and value in {member.value for member in vocabulary}:
            return translate(vocabulary(value).label)
        if column is not None and isinstance(value, str) and value:
            # the history keeps days and moments as ISO text; the page reads them as dates
            if isinstance(column.type, DateTime):
                return moment(dt.datetime.fromisoformat(value))
            if isinstance(column.type, Date):
                return day(dt.date.fromisoformat(value))
        if isinstance(value, list):
            return [names.get((kind, field, item), item) for item in value]
        if isinstance(value, int) and not isinstance(value, bool):
            return names.get((kind, field, value), value)
        return value

    return {
        change.id: [
            {
                "field": field_name(field, change.record_kind),
                "old": readable(change.record_kind, field, old),
                "new": readable(change.record_kind, field, new),
            }
            for field, (old, new) in change.changes.items()
        ]
        for change in changes
    }


def _column_of(kind: str, field: str) -> Column[Any] | None:
    """The column a changed field is kept in, if its kind and field still exist: its type
    says how the page reads the value (a vocabulary's label, a day, a moment)."""
    try:
        return service_for(kind).model.__table__.columns.get(field)
    except RecordNotFound:
        return None


def record_page(change: ChangeRecord) -> str | None:
    """Where the changed record lives now, or ``None`` when it is gone."""
    try:
        service = service_for(change.record_kind)
    except RecordNotFound:
        return None
    endpoint = detail_endpoint(service.model)
    if endpoint is None:
        return None
    record = history.current_record(db.session, change)
    if record is None:
        return None
    return url_for(endpoint, record_id=record.id)


def history_page_url(kind: str, record_id: int) -> str:
    try:
        endpoint = detail_endpoint(service_for(kind).model)
    except RecordNotFound:
        endpoint = None
    if endpoint is None:
        return url_for("changes.index", kind=kind)
    return url_for(endpoint.replace(".show", ".history_page"), record_id=record_id)


@bp.route("/")
@role_required(UserRole.EDITOR)
def index():
    form = ChangeFilterForm(formdata=MultiDict(request.args))
    form.user.choices = [
        ("", gettext("Anyone")),
        *((u.id, u.name) for u in history.editors(db.session)),
    ]
    hidden_kinds = reader_of(current_user).hidden_record_kinds
    form.kind.choices = [
        ("", gettext("Any")),
        *((k, gettext(k).capitalize()) for k in history.recorded_kinds(db.session, hidden_kinds)),
    ]
    form.action.choices = [("", gettext("Any")), *options(ChangeAction.choices())]
    try:
        number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        abort(400, gettext("The page must be a whole number."))
    changes: list[ChangeRecord] = []
    total = 0
    if form.validate():
        wanted = history.ChangeFilter(
            actor_id=form.user.data,
            kind=form.kind.data or None,
            action=_action(form.action.data),
            since=form.since.data,
            until=form.until.data,
            corrections_only=form.corrections.data,
            hidden_kinds=hidden_kinds,
        )
        changes, total = history.recent_changes(
            db.session, wanted, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
        )
    return render_template(
        "history/recent.html",
        form=form,
        changes=changes,
        presented=present_changes(None, changes),
        total=total,
        page=number,
        pages_count=max(1, -(-total // PAGE_SIZE)),
        history_page_url=history_page_url,
    ), (200 if not form.errors else 422)


def _action(value: str | None) -> ChangeAction | None:
    try:
        return ChangeAction(value) if value else None
    except ValueError:
        return None


@bp.route("/<int:change_id>")
@role_required(UserRole.EDITOR)
def show(change_id: int):
    change = db.session.get(ChangeRecord, change_id)
    if change is None or change.record_kind in reader_of(current_user).hidden_record_kinds:
        abort(404, gettext("There is no change %(id)s.", id=change_id))
    restorable = change.action is ChangeAction.DELETE and record_page(change) is None
    return render_template(
        "history/change.html",
        change=change,
        presented=present_changes(None, [change]),
        record_url=record_page(change),
        restorable=restorable,
        history_url=history_page_url(change.record_kind, change.record_id),
    )


@bp.route("/<int:change_id>/restore", methods=["POST"])
@role_required(UserRole.ADMIN)
def restore(change_id: int):
    try:
        change = history.find_change(db.session, change_id)
        restored = history.restore(db.session, current_user, change)
        label = str(restored)
        db.session.commit()
    except RecordNotFound:
        db.session.rollback()
        abort(404, gettext("There is no change %(id)s.", id=change_id))
    except (RuleViolation, StaleRecord) as refusal:
        db.session.rollback()
        flash(translated(refusal), "error")
        return redirect(url_for("changes.show", change_id=change_id))
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    flash(gettext("Restored “%(label)s”.", label=label), "success")
    return redirect(record_page(change) or url_for("changes.show", change_id=change_id))
