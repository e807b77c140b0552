"""Accounts: creating users, checking passwords, changing roles."""

from __future__ import annotations

import functools

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models import ChangeAction, LoginSession, User, UserRole
from tracker.models.accounts import check_password_of_nobody
from tracker.services import field_rules, history, login_sessions
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService
from tracker.services.wording import N_

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 30,000 passwords most often found in leaked password lists, as zxcvbn ships them
    (loaded on first use: the list is large)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password_strength(password: str) -> None:
    """:raise RuleViolation: for a short password or one of the most common ones, which
    guessers try first whatever their length."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(
            N_("Use a password of at least %(length)s characters."),
            "password",
            length=MIN_PASSWORD_LENGTH,
        )
    if password.lower() in common_passwords():
        raise RuleViolation(
            N_(
                "This is one of the most common passwords, which guessers try first: choose another."
            ),
            "password",
        )


class UserService(RecordService[User]):
    """Only admins manage accounts; a password is set through :meth:`set_password` alone."""

    model = User
    kind = "user"
    verbatim = frozenset({"password"})
    hidden_fields = frozenset({"password_hash"})
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
            if not creating:  # an admin's reset: whoever knew the old password is signed out
                login_sessions.end_all(session, record)

    def set_password(
        self,
        session: Session,
        user: User,
        password: str,
        actor: User | None = None,
        keep: LoginSession | None = None,
    ) -> None:
        """Change the password, signing out every device but ``keep`` (the one changing it);
        the history notes that it changed, never the hash."""
        check_password_strength(password)
        unchanged = history.snapshot(self, user)
        user.set_password(password)
        login_sessions.end_all(session, user, keep=keep)
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
    """The account with this email, if any. An email no account can have (a NUL byte, more
    characters than the column holds) finds nobody without a query PostgreSQL would refuse."""
    wanted = normalise_email(email)
    try:
        field_rules.check_values(User, {"email": wanted})
    except RuleViolation:
        return None
    return session.scalar(select(User).where(func.lower(User.email) == wanted))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or ``None``. Records the sign-in time.

    A password is hashed whether or not the email has an account (or an active one), so the
    time taken does not tell a guesser which emails exist."""
    user = find_user_by_email(session, email)
    if user is None:
        check_password_of_nobody(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def remember_language(user: User, code: str) -> None:
    """Keep the interface language on the account. A reading preference, not a newsroom
    fact: it leaves no entry in the edit history."""
    user.locale = code


users = UserService()
