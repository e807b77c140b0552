"""Personal API tokens: create one (its text is shown once), revoke it, and recognise it.

The token's text never touches the database: only its SHA-256 is stored, so whoever reads the
database or a backup cannot call the API as anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import ApiToken, User
from tracker.services import field_rules
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation
from tracker.services.wording import N_

#: Marks the text as a tracker token, so secret scanners and people can recognise a leaked one.
TOKEN_PREFIX = "nrt_"
MAX_NAME_LENGTH = 100
#: Stamping every request would turn each read into a write; once a minute tells enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the record and the text, which is never stored.

    :raise RuleViolation: when the name is blank, too long, holds control characters, or the
        account is inactive.
    """
    name = (name or "").strip()
    if not name:
        raise RuleViolation(N_("Name the token after the script that will use it."), "name")
    if len(name) > MAX_NAME_LENGTH:
        raise RuleViolation(
            N_("Keep the name under %(length)s characters."), "name", length=MAX_NAME_LENGTH
        )
    field_rules.check_values(ApiToken, {"name": name})
    if not user.active:
        raise RuleViolation(N_("A deactivated account cannot have API tokens."))
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(text), prefix=text[:12])
    session.add(token)
    session.flush()
    return token, text


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, working ones first, newest first."""
    statement = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(statement))


def revoke_token(session: Session, actor: User, token_id: int) -> ApiToken:
    """Stop a token working at once. Revoking twice changes nothing.

    :raise RecordNotFound: when there is no such token.
    :raise PermissionDenied: when the token belongs to someone else.
    """
    token = session.get(ApiToken, token_id)
    if token is None:
        raise RecordNotFound("API token", token_id)
    if token.user_id != actor.id:
        raise PermissionDenied("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def user_for_token(session: Session, text: str) -> User | None:
    """The active account a working token belongs to, or ``None``; notes when it was used."""
    if not text.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(text)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE, so two scripts using one token at once never conflict.
        session.execute(
            update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now),
            execution_options={"synchronize_session": False},
        )
        session.expire(token, ["last_used_at"])
    return token.user
