"""Importing a CSV: upload, a dry-run preview naming every row's problems, then commit or not.

The uploaded file waits in the instance folder between the preview and the commit, under a
random name that includes its uploader's id, so nobody else can commit it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
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
from tracker.models import UserRole
from tracker.services import imports as service
from tracker.views.access import role_required

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _waiting_room() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stash(data: bytes) -> str:
    ticket = f"{current_user.id}-{secrets.token_urlsafe(16)}"
    (_waiting_room() / f"{ticket}.csv").write_bytes(data)
    return ticket


def _stashed(ticket: str) -> Path:
    """:raise 404: for a ticket that is not the current user's, or is gone."""
    owner, _, token = ticket.partition("-")
    if owner != str(current_user.id) or not token.replace("-", "").replace("_", "").isalnum():
        abort(404)
    path = _waiting_room() / f"{ticket}.csv"
    if not path.is_file():
        abort(404, description=gettext("This upload is no longer waiting: upload the file again."))
    return path


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
        form.file.errors = [str(error)]
        return render_template("imports/upload.html", form=form, columns=_columns()), 400
    db.session.rollback()
    if report.ok and ticket is None:
        ticket = _stash(data)
    return render_template(
        "imports/preview.html",
        report=report,
        ticket=ticket,
        create_missing=create_missing,
        filename=getattr(request.files.get("file"), "filename", None),
    )


@bp.route("/commit", methods=["POST"])
@role_required(UserRole.EDITOR)
def commit():
    """Import the previewed file for real: every row, or (if anything changed) none."""
    path = _stashed(request.form.get("ticket", ""))
    kind = request.form.get("kind", "")
    create_missing = request.form.get("create_missing") == "1"
    data = path.read_bytes()
    try:
        report = service.import_csv(
            db.session, current_user, kind, data, create_missing=create_missing, commit=True
        )
    except service.ImportRejected as error:
        abort(400, description=str(error))
    if not report.committed:
        db.session.rollback()
        return _preview(kind, data, create_missing, ticket=path.stem)
    db.session.commit()
    path.unlink(missing_ok=True)
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
