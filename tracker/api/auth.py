"""Who is calling the API: a personal token (``Authorization: Bearer``) or a browser session.

Tokens are recognised only under ``/api/``: they open the read-only API, never the web pages
and their forms.
"""

from __future__ import annotations

import re

from flask import Request, g, request
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from tracker.extensions import db
from tracker.models import User
from tracker.services import tokens

_BEARER = re.compile(r"^Bearer[ \t]+(\S+)[ \t]*$", re.IGNORECASE)


def bearer_token() -> str | None:
    match = _BEARER.match(request.headers.get("Authorization", ""))
    return match.group(1) if match else None


def bearer_user() -> User | None:
    """The account of this request's token, looked up once per request."""
    if "api_token_user" not in g:
        text = bearer_token()
        user = tokens.user_for_token(db.session, text) if text else None
        if user is not None:
            db.session.commit()  # keep the token's last-used time
        g.api_token_user = user
    return g.api_token_user


def load_user_from_request(req: Request) -> User | None:
    """Flask-Login's request loader: signs API requests in by their token."""
    if not req.path.startswith("/api/"):
        return None
    return bearer_user()


def unauthorized(message: str) -> Unauthorized:
    return Unauthorized(message, www_authenticate=WWWAuthenticate("Bearer", {"realm": "tracker"}))


def require_caller() -> None:
    """:raise 401: unless the request has a working token or a signed-in session.

    A token that is sent must work, even alongside a session: a script with a revoked token
    should learn so rather than pass by accident.
    """
    if "Authorization" in request.headers:
        if bearer_token() is None:
            raise unauthorized(
                "The Authorization header must read 'Bearer <token>'. Create a token on your "
                "profile page or with `tracker create-token EMAIL`."
            )
        if bearer_user() is None:
            raise unauthorized(
                "This API token is not valid: it was revoked, mistyped, or its account was "
                "deactivated. Create a new one on your profile page."
            )
        return
    if not current_user.is_authenticated:
        raise unauthorized(
            "Sign in, or send a personal API token as 'Authorization: Bearer <token>'. "
            "Create one on your profile page or with `tracker create-token EMAIL`."
        )
