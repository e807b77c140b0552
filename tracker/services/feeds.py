"""Feed secrets: made and revoked by their owner, checked when a calendar app or reader calls."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import FeedKind, FeedToken, Negotiation, User
from tracker.models.feeds import hash_feed_secret, new_feed_secret
from tracker.services.errors import PermissionDenied, RecordNotFound


def issue_secret(
    session: Session, owner: User, negotiation: Negotiation, kind: FeedKind
) -> tuple[FeedToken, str]:
    """A new secret for one feed; the plain secret is returned once and never stored."""
    secret = new_feed_secret()
    token = FeedToken(
        user_id=owner.id,
        negotiation_id=negotiation.id,
        kind=FeedKind(kind),
        secret_hash=hash_feed_secret(secret),
    )
    session.add(token)
    session.flush()
    return token, secret


def secrets_of(session: Session, owner: User) -> list[FeedToken]:
    return list(
        session.scalars(
            select(FeedToken)
            .where(FeedToken.user_id == owner.id)
            .order_by(FeedToken.revoked_at.is_not(None), FeedToken.created_at.desc())
        )
    )


def revoke_secret(session: Session, owner: User, token_id: int) -> FeedToken:
    """:raise RecordNotFound: for a secret that is not ``owner``'s (others' stay invisible)."""
    token = session.get(FeedToken, token_id)
    if token is None or token.user_id != owner.id:
        raise RecordNotFound("feed secret", token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def open_feed(session: Session, secret: str, negotiation: Negotiation, kind: FeedKind) -> User:
    """The owner of a live secret for exactly this feed.

    :raise PermissionDenied: for an unknown, revoked or other feed's secret, or an owner whose
        account was deactivated.
    """
    token = session.scalar(
        select(FeedToken).where(FeedToken.secret_hash == hash_feed_secret(secret or ""))
    )
    if (
        token is None
        or not token.is_active
        or token.negotiation_id != negotiation.id
        or token.kind is not FeedKind(kind)
        or not token.user.active
    ):
        raise PermissionDenied("This feed link is not valid: it may have been revoked.")
    token.last_used_at = utcnow()
    session.flush()
    return token.user
