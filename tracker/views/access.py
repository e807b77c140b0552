"""Who may open what: everything needs a signed-in account unless marked :func:`public`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, current_app, request
from flask_login import AnonymousUserMixin, current_user

from tracker.extensions import login_manager
from tracker.models import UserRole

View = TypeVar("View", bound=Callable[..., Any])


class AnonymousVisitor(AnonymousUserMixin):
    def can(self, _needed: UserRole) -> bool:
        return False


def public(view: View) -> View:
    """Let anonymous visitors open this view (the sign-in page, token-authenticated feeds)."""
    view.__dict__["is_public"] = True  # read by require_sign_in
    return view


def role_required(needed: UserRole) -> Callable[[View], View]:
    """:raise 403: unless the signed-in user holds ``needed`` or a higher role."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(needed):
                abort(403)
            return view(*args, **kwargs)

        guarded.__dict__["required_role"] = needed  # read by the route walk test
        return cast(View, guarded)  # wraps() kept the view's signature

    return decorate


def require_sign_in() -> Any:
    """Before every request: anonymous visitors see only the sign-in page and public views."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False) or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def init_app(app: Flask) -> None:
    from tracker.views import transactions

    login_manager.anonymous_user = AnonymousVisitor
    transactions.init_app(app)
    app.before_request(require_sign_in)
