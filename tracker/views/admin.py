"""Account management for admins."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from tracker.forms.accounts import UserForm
from tracker.i18n import translate
from tracker.models import User, UserRole
from tracker.services import accounts as service
from tracker.views.crud import Column, Detail, RecordPages

user_pages = RecordPages(
    name="users",
    singular=_l("account"),
    title=_l("Accounts"),
    service=service.users,
    form_class=UserForm,
    columns=[
        Column(_l("Name"), lambda u: u.name, sort="name", link=True),
        Column(_l("Email"), lambda u: u.email, sort="email"),
        Column(_l("Role"), lambda u: translate(u.role.label), sort="role"),
        Column(_l("Active"), lambda u: gettext("yes") if u.active else gettext("no")),
    ],
    sorts={"name": User.name, "email": User.email, "role": User.role},
    default_sort="name",
    search=[User.name, User.email],
    view_role=UserRole.ADMIN,
    details=[
        Detail(_l("Name"), lambda u: u.name, ("name",)),
        Detail(_l("Email"), lambda u: u.email, ("email",)),
        Detail(_l("Role"), lambda u: translate(u.role.label), ("role",)),
        Detail(_l("Active"), lambda u: gettext("yes") if u.active else gettext("no"), ("active",)),
        Detail(_l("Last sign-in"), lambda u: u.last_login_at, ("last_login_at",)),
    ],
)

#: the accounts, with list, detail and edit pages like any other kind of record
PAGES = (user_pages,)
