"""Keeping a previewed CSV file until its uploader confirms the import, on any host.

The file waits in the database (not on the disk of the host that showed the preview), under a
random token only its owner can redeem, for :data:`PREVIEW_LIFETIME`. Changes and flushes; the
caller commits.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import ImportPreview, User
from tracker.services.errors import RecordNotFound, ServiceError
from tracker.services.wording import N_

PREVIEW_LIFETIME = dt.timedelta(hours=2)
#: what :func:`secrets.token_urlsafe` gives; anything else (a NUL byte) is never queried
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: how long an expired preview is kept to say "expired" rather than "not found"
EXPIRED_KEPT_FOR = dt.timedelta(days=1)


class PreviewExpired(ServiceError):
    """The preview is older than :data:`PREVIEW_LIFETIME`: the file must be uploaded again."""

    def __init__(self) -> None:
        super().__init__(
            N_("This preview expired after 2 hours: upload the file again to import it.")
        )


def keep_preview(
    session: Session, owner: User, kind: str, data: bytes, create_missing: bool
) -> ImportPreview:
    """Keep ``data`` for ``owner`` to confirm later; previews long expired are cleared away."""
    now = utcnow()
    session.execute(delete(ImportPreview).where(ImportPreview.expires_at < now - EXPIRED_KEPT_FOR))
    preview = ImportPreview(
        token=secrets.token_urlsafe(32),
        owner_id=owner.id,
        kind=kind,
        create_missing=create_missing,
        payload=data,
        created_at=now,
        expires_at=now + PREVIEW_LIFETIME,
    )
    session.add(preview)
    session.flush()
    return preview


def waiting_preview(session: Session, owner: User, token: str) -> ImportPreview:
    """The preview ``owner`` may confirm under ``token``.

    :raise RecordNotFound: for an unknown token or another user's preview (alike, so a token
        reveals nothing about anyone else's uploads).
    :raise PreviewExpired: once its lifetime is over.
    """
    if not TOKEN_SHAPE.fullmatch(token):
        raise RecordNotFound("import preview", token)
    preview = session.scalar(
        select(ImportPreview).where(
            ImportPreview.token == token, ImportPreview.owner_id == owner.id
        )
    )
    if preview is None:
        raise RecordNotFound("import preview", token)
    if preview.expires_at <= utcnow():
        raise PreviewExpired()
    return preview
