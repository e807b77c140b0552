"""Newsroom accounts. Knows nothing of Flask-Login; the web layer adapts it."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.db import Base, Record, utcnow
from tracker.models.enums import UserRole, enum_column_type

#: Werkzeug's hashing method; tests lower its cost, production keeps the default.
PASSWORD_HASH_METHOD = "scrypt"


@functools.cache
def _hash_of_nobody(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check_password_of_nobody(password: str) -> bool:
    """Spend the time a real password check takes, for an email with no account, so the
    answer's timing does not tell which emails have accounts. Always ``False``."""
    check_password_hash(_hash_of_nobody(PASSWORD_HASH_METHOD), password)
    return False


class User(Record, Base):
    """Someone who signs in: viewers read and export, editors write, admins also delete."""

    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(
        enum_column_type(UserRole, "user_role"), default=UserRole.VIEWER
    )
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]
    # The interface language the person last chose ("en", "ar"), so it follows them to every
    # device they sign in from; None until they choose one (the browser's language decides).
    locale: Mapped[str | None] = mapped_column(String(8))

    #: The secret of the sign-in (:class:`LoginSession`) this object was loaded for, set by the
    #: web layer; not a column: only its hash is stored.
    if TYPE_CHECKING:  # annotated only for the type checker: the ORM maps annotated attributes
        login_token: str | None = None
    else:
        login_token = None

    # The sign-in protocol Flask-Login reads (duck-typed; no Flask import needed here).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The identity kept in the session and remember cookies: the account and its sign-in,
        so revoking the sign-in on the server makes every copy of those cookies worthless."""
        if self.login_token is None:
            raise RuntimeError("get_id() needs the sign-in this user was loaded for")
        return f"{self.id}:{self.login_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def can(self, needed: UserRole) -> bool:
        return self.active and self.role.rank >= needed.rank

    def __str__(self) -> str:
        return self.name


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def hash_login_token(token: str) -> str:
    """Tokens are long and random, so a fast hash is enough to make the stored value useless."""
    return hashlib.sha256(token.encode()).hexdigest()


class LoginSession(Base):
    """One sign-in on one device, ended on the server by signing out (here or from another
    device), by a password change or by idling out; ended rows are deleted at the user's next
    sign-in, and a cookie naming a missing row is refused like one naming an ended row.

    Not a :class:`~tracker.db.Record`: it is never edited through forms, and stamping
    ``last_seen_at`` must not race with optimistic locking.
    """

    __tablename__ = "login_session"

    #: How long a sign-in lasts without being used: a day's work for a browser session, a month
    #: for "keep me signed in".
    IDLE_LIMIT = dt.timedelta(hours=12)
    REMEMBERED_IDLE_LIMIT = dt.timedelta(days=30)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    remembered: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()

    def is_active(self, now: dt.datetime) -> bool:
        limit = self.REMEMBERED_IDLE_LIMIT if self.remembered else self.IDLE_LIMIT
        return self.revoked_at is None and now - self.last_seen_at <= limit
