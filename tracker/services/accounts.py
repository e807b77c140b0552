"""Accounts: creating users, checking passwords, changing roles."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import ChangeAction, User, UserRole
from tracker.services import history
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService
from tracker.services.wording import N_

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(
            N_("Use a password of at least %(length)s characters."),
            "password",
            length=MIN_PASSWORD_LENGTH,
        )


class UserService(RecordService[User]):
    """Only admins manage accounts; a password is set through :meth:`set_password` alone."""

    model = User
    kind = "user"
    verbatim = frozenset({"password"})
    hidden_fields = frozenset({"password_hash", "session_token"})
    edit_role = UserRole.ADMIN
    delete_role = UserRole.ADMIN
    unique_messages = {"email": N_("An account with this email already exists.")}

    def check(self, session: Session, record: User, values: dict, creating: bool) -> None:
        if creating or "email" in values:
            try:
                checked = validate_email(values.get("email") or "", check_deliverability=False)
            except EmailNotValidError as error:
                raise RuleViolation(
                    N_("Enter a valid email address (%(reason)s)."), "email", reason=str(error)
                ) from None
            values["email"] = normalise_email(checked.normalized)
        password = values.pop("password", None)
        if creating and not password:
            raise RuleViolation(N_("Set a password for the new account."), "password")
        if password:
            check_password_strength(password)
            record.set_password(password)

    def set_password(
        self, session: Session, user: User, password: str, actor: User | None = None
    ) -> None:
        """Change the password, ending every session signed in with the old one; the history
        notes that it changed, never the hash."""
        check_password_strength(password)
        unchanged = history.snapshot(self, user)
        user.set_password(password)
        self._flush(session, user)
        history.record_change(
            session,
            actor or user,
            self,
            user,
            ChangeAction.UPDATE,
            unchanged,
            unchanged,
            note="Password changed.",
            hidden_changed=["password_hash"],
        )
        self._flush(session, user)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or ``None``. Records the sign-in time."""
    user = find_user_by_email(session, email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def remember_language(user: User, code: str) -> None:
    """Keep the interface language on the account. A reading preference, not a newsroom
    fact: it leaves no entry in the edit history."""
    user.locale = code


users = UserService()
