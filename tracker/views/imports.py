"""Importing a CSV: upload, a dry-run preview naming every row's problems, then commit or not.

The uploaded file waits in the database between the preview and the commit
(:mod:`tracker.services.import_previews`), so any host may take the confirmation; only its
uploader can commit it, within two hours.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from tracker.extensions import db
from tracker.forms.imports import ImportForm
from tracker.http_access import role_required
from tracker.i18n import translated
from tracker.models import UserRole
from tracker.services import import_previews
from tracker.services import imports as service
from tracker.services.errors import RecordNotFound

bp = Blueprint("imports", __name__, url_prefix="/imports")


@bp.route("/", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def upload():
    """Upload and preview: nothing is kept until the editor commits."""
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("imports/upload.html", form=form, columns=_columns()), status
    upload = form.file.data
    try:
        data = upload.read()
    finally:
        upload.close()
    return _preview(form.kind.data, data, form.create_missing.data, ticket=None)


def _preview(kind: str, data: bytes, create_missing: bool, ticket: str | None):
    try:
        report = service.import_csv(
            db.session, current_user, kind, data, create_missing=create_missing
        )
    except service.ImportRejected as error:
        form = ImportForm(formdata=None, kind=kind, create_missing=create_missing)
        form.file.errors = [translated(error)]
        return render_template("imports/upload.html", form=form, columns=_columns()), 400
    db.session.rollback()
    if report.ok and ticket is None:
        preview = import_previews.keep_preview(db.session, current_user, kind, data, create_missing)
        db.session.commit()
        ticket = preview.token
    return render_template(
        "imports/preview.html",
        report=report,
        ticket=ticket,
        filename=getattr(request.files.get("file"), "filename", None),
    )


@bp.route("/commit", methods=["POST"])
@role_required(UserRole.EDITOR)
def commit():
    """Import the previewed file for real: every row, or (if anything changed) none."""
    try:
        preview = import_previews.waiting_preview(
            db.session, current_user, request.form.get("ticket", "")
        )
    except RecordNotFound:
        abort(404)
    except import_previews.PreviewExpired as expired:
        abort(410, description=gettext(str(expired)))
    kind, create_missing, data = preview.kind, preview.create_missing, preview.payload
    try:
        report = service.import_csv(
            db.session, current_user, kind, data, create_missing=create_missing, commit=True
        )
    except service.ImportRejected as error:
        abort(400, description=translated(error))
    if not report.committed:
        db.session.rollback()
        return _preview(kind, data, create_missing, ticket=preview.token)
    db.session.delete(preview)
    db.session.commit()
    what = gettext(kind)
    if report.duplicates:
        message = gettext(
            "Imported %(count)d %(what)s, %(skipped)d already recorded.",
            count=report.created,
            what=what,
            skipped=len(report.duplicates),
        )
    else:
        message = gettext("Imported %(count)d %(what)s.", count=report.created, what=what)
    flash(message, "success")
    return redirect(url_for(f"{kind}.index"))


def _columns() -> dict[str, list[str]]:
    return {kind: service.columns_of(kind) for kind in service.IMPORTABLE}
