"""Who may open what, for every HTTP door (the web pages and the API): everything needs a
signed-in account unless marked :func:`public`, and redirects after a form go only to this site.

It lives below both doors so that neither imports the other; what a reader may *see* once in
is decided in :mod:`tracker.services.access`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
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


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in or a language switch: no open redirect."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    if "\\" in target:
        return url_for("home.index")
    return target


def init_app(app: Flask) -> None:
    login_manager.anonymous_user = AnonymousVisitor
    app.before_request(require_sign_in)
