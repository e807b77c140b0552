"""Sign-ins kept on the server: starting one, finding the one a cookie names, ending one or all.

The session and remember cookies carry only ``<user id>:<token>``; the token is checked against
a ``login_session`` row on every request, so signing out, "sign out everywhere" and a password
change end a sign-in for every copy of its cookies, however they were taken.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import LoginSession, User
from tracker.models.accounts import hash_login_token, new_login_token
from tracker.services.errors import PermissionDenied, RecordNotFound

#: ``last_seen_at`` is stamped at most this often, so reading pages does not write on each click.
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=5)


def start(
    session: Session, user: User, *, user_agent: str, address: str, remembered: bool
) -> tuple[LoginSession, str]:
    """A new sign-in for ``user`` and its secret token, which is not stored (only its hash).

    The user's ended sign-ins are deleted first, so the table does not grow with every sign-in;
    a cookie naming a deleted sign-in is refused like one naming an ended one."""
    forget_ended(session, user)
    token = new_login_token()
    login_session = LoginSession(
        user=user,
        token_hash=hash_login_token(token),
        user_agent=user_agent[:300],
        address=address[:64],
        remembered=remembered,
    )
    session.add(login_session)
    session.flush()
    return login_session, token


def find_active(session: Session, user_id: int, token: str) -> LoginSession | None:
    """The working sign-in of an active account that ``user_id`` and ``token`` name, or
    ``None`` when it was never made, was ended, has idled out, or its account is deactivated."""
    login_session = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_login_token(token))
    )
    if login_session is None or login_session.user_id != user_id:
        return None
    if not login_session.is_active(utcnow()) or not login_session.user.active:
        return None
    return login_session


def forget_ended(session: Session, user: User) -> None:
    now = utcnow()
    session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id,
            or_(
                LoginSession.revoked_at.is_not(None),
                LoginSession.last_seen_at < now - LoginSession.REMEMBERED_IDLE_LIMIT,
                LoginSession.remembered.is_(False)
                & (LoginSession.last_seen_at < now - LoginSession.IDLE_LIMIT),
            ),
        ),
        execution_options={"synchronize_session": False},
    )


def note_seen(session: Session, login_session: LoginSession) -> bool:
    """Stamp the sign-in as used now, unless it was stamped recently; ``True`` if it wrote."""
    now = utcnow()
    if now - login_session.last_seen_at < LAST_SEEN_RESOLUTION:
        return False
    # A plain UPDATE, so two tabs of one sign-in never conflict over the row's state.
    session.execute(
        update(LoginSession).where(LoginSession.id == login_session.id).values(last_seen_at=now),
        execution_options={"synchronize_session": False},
    )
    session.expire(login_session, ["last_seen_at"])
    return True


def active_sessions(session: Session, user: User) -> list[LoginSession]:
    """The user's working sign-ins, most recently used first."""
    now = utcnow()
    candidates = session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    )
    return [login_session for login_session in candidates if login_session.is_active(now)]


def end(session: Session, login_session: LoginSession) -> None:
    """Sign out this sign-in on the server. Ending it twice changes nothing."""
    if login_session.revoked_at is None:
        login_session.revoked_at = utcnow()
        session.flush()


def end_own(session: Session, user: User, login_session_id: int) -> LoginSession:
    """Sign out one of the user's own devices.

    :raise RecordNotFound: when there is no such sign-in.
    :raise PermissionDenied: when it belongs to someone else.
    """
    login_session = session.get(LoginSession, login_session_id)
    if login_session is None:
        raise RecordNotFound("sign-in", login_session_id)
    if login_session.user_id != user.id:
        raise PermissionDenied("You can only sign out your own devices.")
    end(session, login_session)
    return login_session


def end_all(session: Session, user: User, keep: LoginSession | None = None) -> int:
    """Sign out every device of ``user`` except ``keep``; the number of sign-ins ended."""
    statement = select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(LoginSession.id != keep.id)
    ended = list(session.scalars(statement))
    now = utcnow()
    for login_session in ended:
        login_session.revoked_at = now
    session.flush()
    return len(ended)
