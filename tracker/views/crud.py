"""List, show, create, edit and delete pages, built once for every kind of record.

Each area describes its records with a :class:`RecordPages`; :func:`crud_blueprint` turns that
into a blueprint whose views parse the form, call the service, commit and redirect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.db import Record
from tracker.extensions import db
from tracker.forms.base import RecordForm
from tracker.forms.declared import label_of, with_declared_fields
from tracker.forms.history import CorrectionForm, DeletionForm
from tracker.http_access import role_required
from tracker.i18n import translate, translated
from tracker.kinds.declarations import kind_of
from tracker.kinds.spec import DETAIL, FieldSpec, Kind
from tracker.models import UserRole
from tracker.services import history
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation, StaleRecord
from tracker.services.records import RecordService
from tracker.views.changes import present_changes

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Column:
    """One column of a list page: a heading, how to show a record, and an optional sort key."""

    label: str
    value: Callable[[Any], Any]
    sort: str | None = None
    link: bool = False


@dataclass(frozen=True)
class Detail:
    """One line of a record's page."""

    label: str
    value: Callable[[Any], Any]
    #: the declared fields (attributes or relationships) this line shows
    shows: tuple[str, ...] = ()


def declared_detail(spec: FieldSpec) -> Detail:
    """The line of a declared field no page lays out by hand: its label and value."""
    read = attrgetter(spec.relationship or spec.attribute)
    if spec.type == "choice":
        return Detail(
            label_of(spec),
            lambda record: translate(choice.label) if (choice := read(record)) else None,
            (spec.attribute,),
        )
    return Detail(label_of(spec), read, (spec.attribute,))


@dataclass
class RecordPages:
    """Everything the generic pages need to know about one kind of record."""

    name: str  # blueprint name and URL prefix: "rounds"
    singular: str  # "round"
    title: str  # "Rounds"
    service: RecordService
    form_class: type[RecordForm]
    columns: Sequence[Column]
    sorts: dict[str, Any]
    default_sort: str
    details: Sequence[Detail] = ()
    #: the declared fields a page of its own (``detail_template``) lays out itself
    template_shows: Sequence[str] = ()
    search: Sequence[Any] = ()
    list_options: Sequence[Any] = ()
    detail_options: Sequence[Any] = ()
    fill_choices: Callable[[Session, RecordForm], None] = lambda session, form: None
    prefill: Callable[[Session, dict[str, str]], dict[str, Any]] | None = None
    detail_template: str = "records/detail.html"
    view_role: UserRole = UserRole.VIEWER
    empty_hint: str = ""
    #: more for the record's page to show than the record itself (one query each, not one a row)
    detail_context: Callable[[Session, Any], dict[str, Any]] | None = None
    #: where to go after a save; the record's own page when not given
    next_url: Callable[[Any], str] | None = field(default=None)
    #: a line for every declared field neither ``details`` nor the template shows
    more_details: Sequence[Detail] = field(default=(), init=False)

    def __post_init__(self) -> None:
        # the form lays out what it wants by hand; every other declared field joins it
        self.form_class = with_declared_fields(self.form_class, self.kind)
        shown = {*self.template_shows, *(name for line in self.details for name in line.shows)}
        self.more_details = [
            declared_detail(spec)
            for spec in self.kind.on(DETAIL)
            if not shown & {spec.attribute, spec.relationship}
        ]

    @property
    def model(self) -> type[Record]:
        return self.service.model

    @property
    def kind(self) -> Kind:
        """This kind's declaration.

        :raise LookupError: for a kind of record nobody declared.
        """
        kind = kind_of(self.model)
        if kind is None:
            raise LookupError(f"{self.model.__name__} is not declared in tracker.kinds")
        return kind


def page_size(default: int = 25) -> int:
    try:
        size = int(request.args.get("per_page", default))
    except ValueError:
        abort(400, "per_page must be a whole number.")
    return max(1, min(size, MAX_PAGE_SIZE))


def page_number() -> int:
    try:
        number = int(request.args.get("page", 1))
    except ValueError:
        abort(400, "page must be a whole number.")
    if number < 1:
        abort(400, "page must be 1 or more.")
    return number


def load_or_404(pages: RecordPages, record_id: int, options: Sequence[Any] = ()) -> Any:
    record = db.session.scalar(
        select(pages.model).where(pages.model.id == record_id).options(*options)
    )
    if record is None:
        abort(404, f"There is no {pages.singular} {record_id}.")
    return record


def save_form(
    pages: RecordPages, form: RecordForm, record: Any | None, correction: str | None = None
) -> Any | None:
    """Hand a validated form to the service and commit; on refusal, put the reason next to the
    field it concerns and return ``None``. Nothing is half-written either way.

    :raise StaleRecord: (after rolling back) when someone else saved the record meanwhile.
    """
    try:
        if record is None:
            saved = pages.service.create(db.session, current_user, form.values())
        else:
            saved = pages.service.update(
                db.session,
                current_user,
                record,
                form.values(),
                expected_version=form.expected_version(),
                note=form.change_note.data or None,
                correction=correction,
            )
        db.session.commit()
        return saved
    except RuleViolation as violation:
        db.session.rollback()
        show_refusal(form, violation)
    except StaleRecord:
        db.session.rollback()
        raise
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    return None


def show_refusal(form: RecordForm, violation: RuleViolation) -> None:
    """Put a service's refusal next to the field it concerns, or above the form."""
    target = getattr(form, violation.field, None) if violation.field else None
    if target is not None:
        target.errors = [*target.errors, translated(violation)]
    else:
        form.form_errors.append(translated(violation))


def show_rule_beside_field_errors(pages: RecordPages, form: RecordForm, record: Any) -> None:
    """After the form refused some fields, also name the rule the rest would break (a round
    number already taken), so one response lists every problem."""
    values = {name: value for name, value in form.values().items() if not form[name].errors}
    violation = pages.service.rule_broken(db.session, record, values)
    db.session.rollback()
    if violation is not None and not (violation.field and form[violation.field].errors):
        show_refusal(form, violation)


def conflict_page(
    pages: RecordPages, form: RecordForm, correction_form: Any, stale: StaleRecord, record_id: int
):
    """The editor's values beside the current ones, field by field, with a merged form to save
    again: fields only the other editor changed take their value, clashes keep the editor's."""
    record = db.session.get(pages.model, record_id)
    if record is None:
        abort(409, f"This {pages.singular} was deleted while you were editing it.")
    current = pages.form_class(formdata=None, obj=record)
    _load_collections(pages, current, record)
    pages.fill_choices(db.session, current)
    base = None
    if stale.expected_version is not None:
        base = history.state_at(db.session, pages.service.kind, record.id, stale.expected_version)
    fields = history.merge(
        {name: history.to_json(value) for name, value in form.values().items()},
        {name: history.to_json(value) for name, value in current.values().items()},
        base,
    )
    for merged in fields:
        if merged.take_theirs:
            form[merged.name].data = current[merged.name].data
    form.version.data = str(record.version)
    rows = [
        {
            "field": form[merged.name],
            "mine": shown(form[merged.name], merged.mine),
            "theirs": shown(current[merged.name], merged.theirs),
            "merge": merged,
        }
        for merged in fields
        if merged.differs
    ]
    changes = changes_since(pages, record, stale.expected_version)
    return (
        render_template(
            "records/form.html",
            pages=pages,
            form=form,
            record=record,
            correction_form=correction_form,
            conflict=rows,
            conflict_changes=changes,
        ),
        409,
    )


def delete_conflict_page(
    pages: RecordPages, form: DeletionForm, stale: StaleRecord, record_id: int
):
    """A delete confirmed on a stale page: what changed since it was opened, and the delete
    form again at the current version, so the admin deletes knowing what they throw away."""
    record = db.session.get(pages.model, record_id)
    if record is None:
        abort(409, _("This %(what)s was deleted meanwhile.", what=pages.singular))
    changes = changes_since(pages, record, stale.expected_version)
    form.version.data = str(record.version)
    return (
        render_template(
            "records/delete.html",
            pages=pages,
            record=record,
            form=form,
            conflict_changes=changes,
            presented=present_changes(pages.service, changes),
        ),
        409,
    )


def changes_since(pages: RecordPages, record: Any, version: int | None) -> list[Any]:
    """The record's changes newer than ``version`` (all of them when it is not known)."""
    return [
        change
        for change in history.changes_to(db.session, pages.service.kind, record.id)
        if version is None or (change.version or 0) > version
    ]


def shown(field: Any, value: Any) -> str:
    """A form value as a person reads it: choice labels rather than ids."""
    if value is None or value == [] or value == "":
        return "—"
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(_choice_value(choice)): _choice_label(choice) for choice in choices}
        if isinstance(value, list):
            return "; ".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _choice_value(choice: Any) -> Any:
    return choice[0] if isinstance(choice, tuple) else choice.value


def _choice_label(choice: Any) -> str:
    return str(choice[1] if isinstance(choice, tuple) else choice.label)


def crud_blueprint(pages: RecordPages) -> Blueprint:
    """The list, detail, new, edit and delete pages for one kind of record."""
    bp = Blueprint(pages.name, __name__, url_prefix=f"/{pages.name}")

    @bp.route("/")
    @role_required(pages.view_role)
    def index():
        sort_key = request.args.get("sort", pages.default_sort)
        if sort_key not in pages.sorts:
            sort_key = pages.default_sort
        descending = request.args.get("dir", "asc") == "desc"
        query = request.args.get("q", "").strip()[:200]
        statement = select(pages.model)
        if query and pages.search:
            pattern = f"%{query}%"
            statement = statement.where(or_(*(column.ilike(pattern) for column in pages.search)))
        total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        size, number = page_size(), page_number()
        order = pages.sorts[sort_key]
        order = order.desc() if descending else order.asc()
        rows = db.session.scalars(
            statement.options(*pages.list_options)
            .order_by(order.nulls_last(), pages.model.id)
            .limit(size)
            .offset((number - 1) * size)
        ).all()
        return render_template(
            "records/list.html",
            pages=pages,
            rows=rows,
            total=total,
            page=number,
            pages_count=max(1, -(-total // size)),
            sort_key=sort_key,
            descending=descending,
            query=query,
        )

    @bp.route("/<int:record_id>")
    @role_required(pages.view_role)
    def show(record_id: int):
        record = load_or_404(pages, record_id, pages.detail_options)
        extra = pages.detail_context(db.session, record) if pages.detail_context else {}
        corrections = history.corrections_of(db.session, pages.service.kind, [record.id])
        return render_template(
            pages.detail_template, pages=pages, record=record, corrections=corrections, **extra
        )

    @bp.route("/new", methods=["GET", "POST"])
    @role_required(pages.service.edit_role)
    def new():
        form = pages.form_class()
        if request.method == "GET" and pages.prefill is not None:
            for key, value in pages.prefill(db.session, request.args.to_dict()).items():
                if key in form._fields and value is not None:
                    form[key].data = value
        pages.fill_choices(db.session, form)
        if form.validate_on_submit():
            saved = save_form(pages, form, None)
            if saved is not None:
                flash(_("%(what)s saved.", what=str(pages.singular).capitalize()), "success")
                return redirect(
                    _back_to_form(request.args.get("next")) or _after_save_url(pages, saved)
                )
        elif form.is_submitted():
            show_rule_beside_field_errors(pages, form, None)
        status = 422 if form.errors or form.form_errors else 200
        return render_template("records/form.html", pages=pages, form=form, record=None), status

    @bp.route("/<int:record_id>/edit", methods=["GET", "POST"])
    @role_required(pages.service.edit_role)
    def edit(record_id: int):
        record = load_or_404(pages, record_id, pages.detail_options)
        form = pages.form_class(obj=record)
        correction_form = CorrectionForm()
        if request.method == "GET":
            form.version.data = str(record.version)
            _load_collections(pages, form, record)
        pages.fill_choices(db.session, form)
        own_note = form._fields.get("correction_note")
        correction = correction_form.public_note(own_note.data if own_note else None)
        if correction == "":
            note_field = own_note or correction_form.correction_public_note
            note_field.errors = [
                *note_field.errors,
                _("Say publicly what was wrong and what is right."),
            ]
        elif form.validate_on_submit() & correction_form.validate():
            try:
                saved = save_form(pages, form, record, correction)
            except StaleRecord as stale:
                return conflict_page(pages, form, correction_form, stale, record_id)
            if saved is not None:
                flash(_("%(what)s updated.", what=str(pages.singular).capitalize()), "success")
                return redirect(_after_save_url(pages, saved))
            record = load_or_404(pages, record_id)
        elif form.is_submitted() and form.errors:
            show_rule_beside_field_errors(pages, form, record)
            record = load_or_404(pages, record_id)
        status = 422 if form.errors or form.form_errors or correction_form.errors else 200
        return render_template(
            "records/form.html",
            pages=pages,
            form=form,
            record=record,
            correction_form=correction_form,
        ), status

    @bp.route("/<int:record_id>/history")
    @role_required(pages.service.edit_role)
    def history_page(record_id: int):
        record = db.session.get(pages.model, record_id)
        changes = history.changes_to(db.session, pages.service.kind, record_id)
        if record is None and not changes:
            abort(404, f"There is no {pages.singular} {record_id}.")
        return render_template(
            "history/record.html",
            kind=pages.service.kind,
            singular=pages.singular,
            record=record,
            record_id=record_id,
            changes=changes,
            presented=present_changes(pages.service, changes),
            index_url=url_for(f"{pages.name}.index"),
            title=pages.title,
            rollback_endpoint=f"{pages.name}.rollback",
        )

    @bp.route("/<int:record_id>/history/<int:change_id>/rollback", methods=["POST"])
    @role_required(UserRole.ADMIN)
    def rollback(record_id: int, change_id: int):
        record = load_or_404(pages, record_id)
        try:
            change = history.find_change(db.session, change_id)
            history.rollback(db.session, current_user, record, change)
            db.session.commit()
        except RecordNotFound:
            db.session.rollback()
            abort(404, "There is no such change.")
        except (RuleViolation, StaleRecord) as refusal:
            db.session.rollback()
            flash(translated(refusal), "error")
            return redirect(url_for(f"{pages.name}.history_page", record_id=record_id))
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        flash(_("Rolled back to version %(version)s.", version=change.version), "success")
        return redirect(url_for(f"{pages.name}.show", record_id=record_id))

    @bp.route("/<int:record_id>/delete", methods=["GET", "POST"])
    @role_required(pages.service.delete_role)
    def delete(record_id: int):
        record = load_or_404(pages, record_id)
        form = DeletionForm()
        if request.method == "GET":
            form.version.data = str(record.version)
        if not form.validate_on_submit():
            status = 422 if form.errors else 200
            return render_template(
                "records/delete.html", pages=pages, record=record, form=form
            ), status
        label = str(record)
        try:
            pages.service.delete(
                db.session,
                current_user,
                record,
                note=form.note.data or None,
                expected_version=form.expected_version(),
            )
            db.session.commit()
        except StaleRecord as stale:
            db.session.rollback()
            return delete_conflict_page(pages, form, stale, record_id)
        except RuleViolation as violation:
            db.session.rollback()
            flash(translated(violation), "error")
            return redirect(url_for(f"{pages.name}.show", record_id=record_id))
        except (PermissionDenied, RecordNotFound):
            db.session.rollback()
            abort(403)
        flash(_("Deleted %(what)s “%(label)s”.", what=pages.singular, label=label), "success")
        return redirect(url_for(f"{pages.name}.index"))

    return bp


def _back_to_form(target: str | None) -> str | None:
    """Where an editor without JavaScript returns after adding a record a picker lacked: the
    form they came from (``?next=``), only ever a path of this site."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def _after_save_url(pages: RecordPages, record: Any) -> str:
    if pages.next_url is not None:
        return pages.next_url(record)
    return url_for(f"{pages.name}.show", record_id=record.id)


def _load_collections(pages: RecordPages, form: RecordForm, record: Any) -> None:
    """Fill ``*_ids`` fields from the record's related collections."""
    for key, (attribute, _model) in pages.service.collections.items():
        if key in form._fields:
            form[key].data = [related.id for related in getattr(record, attribute)]
