"""Account management for admins."""

from __future__ import annotations

from tracker.forms.accounts import UserForm
from tracker.models import User, UserRole
from tracker.services import accounts as service
from tracker.views.crud import Column, Detail, RecordPages, crud_blueprint

user_pages = RecordPages(
    name="users",
    singular="account",
    title="Accounts",
    service=service.users,
    form_class=UserForm,
    columns=[
        Column("Name", lambda u: u.name, sort="name", link=True),
        Column("Email", lambda u: u.email, sort="email"),
        Column("Role", lambda u: u.role.label, sort="role"),
        Column("Active", lambda u: "yes" if u.active else "no"),
    ],
    sorts={"name": User.name, "email": User.email, "role": User.role},
    default_sort="name",
    search=[User.name, User.email],
    view_role=UserRole.ADMIN,
    details=[
        Detail("Name", lambda u: u.name),
        Detail("Email", lambda u: u.email),
        Detail("Role", lambda u: u.role.label),
        Detail("Active", lambda u: "yes" if u.active else "no"),
        Detail("Last sign-in", lambda u: u.last_login_at),
    ],
)

BLUEPRINTS = [crud_blueprint(user_pages)]
