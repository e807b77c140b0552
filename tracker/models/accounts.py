"""Newsroom accounts. Knows nothing of Flask-Login; the web layer adapts it."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.db import Base, Record
from tracker.models.enums import UserRole, enum_column_type

#: Werkzeug's hashing method; tests lower its cost, production keeps the default.
PASSWORD_HASH_METHOD = "scrypt"


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


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
    # Rotated with the password, so every session signed in with the old one stops working.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    last_login_at: Mapped[dt.datetime | None]
    # The interface language the person last chose ("en", "ar"), so it follows them to every
    # device they sign in from; None until they choose one (the browser's language decides).
    locale: Mapped[str | None] = mapped_column(String(8))

    # The sign-in protocol Flask-Login reads (duck-typed; no Flask import needed here).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session identity: changes with the password, ending older sessions."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def can(self, needed: UserRole) -> bool:
        return self.active and self.role.rank >= needed.rank

    def __str__(self) -> str:
        return self.name
