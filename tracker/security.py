"""The web surface's defences: security headers with a strict Content-Security-Policy, and
sign-in throttling counted where every worker process sees the same numbers.

Throttling uses the ``limits`` library (the engine of Flask-Limiter): its moving windows live in
Redis when ``TRACKER_REDIS_URL`` is set, so a password guesser cannot spread attempts across
gunicorn workers; without Redis they live in this process's memory, good enough for one
developer's laptop and refused nowhere, but warned about in production.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, Response, abort, current_app, request
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.services.wording import N_

#: The app's own pages load scripts, styles and images from /static only: no inline code, so an
#: injected <script> or style attribute does nothing even if escaping ever failed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

#: Sent only when the app is served over HTTPS (``TRACKER_SESSION_COOKIE_SECURE``).
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        # Pages, exports, feeds and look-ups all hold unpublished work: keep every one of them
        # out of shared caches and off a shared computer's back button after sign-out. Only
        # the static files (the same for everyone) may be cached.
        response.headers["Cache-Control"] = "no-store"
    return response


def refuse_nul_in_query() -> None:
    """:raise 400: for a query string holding a NUL character. No search or filter needs one,
    and PostgreSQL refuses them outright, which would otherwise surface as a 500. (Forms say so
    beside the field instead: see ``NoControlCharacters``.)"""
    if any("\x00" in value for values in request.args.listvalues() for value in values) or any(
        "\x00" in key for key in request.args
    ):
        abort(400, "Remove the invisible control characters (NUL) from the address and try again.")


# -- sign-in throttling ---------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is not even tried (English, marked for translation), and when to come
    back."""

    reason: str  # the English wording alone, marked for the catalogue
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return math.ceil(self.retry_after / 60)


class LoginThrottle:
    """Counts failed sign-ins per account *and* address, and per address.

    Counting an account's failures only together with the address they come from means a
    stranger who knows an editor's email can lock out the stranger's own address, never the
    editor's: there is no account-wide lock. After :attr:`SLOW` failures for one account from
    one address within a minute, that pair waits out the minute; after :attr:`LOCK` within 15
    minutes, the pair is locked for the rest of the window. An address failing :attr:`SPRAY`
    times in 15 minutes, whatever the accounts, is locked too. A successful sign-in clears the
    pair's count.
    """

    SLOW: RateLimitItem = RateLimitItemPerMinute(3)
    LOCK: RateLimitItem = RateLimitItemPerMinute(10, 15)
    SPRAY: RateLimitItem = RateLimitItemPerMinute(50, 15)

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)

    @staticmethod
    def _pair(email: str, address: str) -> str:
        return f"{email.strip().lower()}|{address}"

    def _checks(self, email: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        pair = self._pair(email, address)
        return [
            (
                self.LOCK,
                pair,
                N_("Too many failed sign-ins for this account from your address."),
            ),
            (
                self.SPRAY,
                f"address:{address}",
                N_("Too many failed sign-ins from your address, whatever the account."),
            ),
            (self.SLOW, pair, N_("Several wrong passwords in a row.")),
        ]

    def refusal(self, email: str, address: str) -> Refusal | None:
        """A :class:`Refusal` when this sign-in must not be tried now, else ``None``."""
        for limit, key, reason in self._checks(email, address):
            if not self.limiter.test(limit, "login", key):
                stats = self.limiter.get_window_stats(limit, "login", key)
                wait = max(1, math.ceil(stats.reset_time - time.time()))
                return Refusal(reason, wait)
        return None

    def failed(self, email: str, address: str) -> None:
        seen = set()
        for limit, key, _reason in self._checks(email, address):
            if (limit, key) not in seen:
                seen.add((limit, key))
                self.limiter.hit(limit, "login", key)

    def succeeded(self, email: str, address: str) -> None:
        pair = self._pair(email, address)
        for limit in (self.SLOW, self.LOCK):
            self.limiter.clear(limit, "login", pair)


def throttle_storage_uri(app: Flask) -> str:
    return app.config.get("REDIS_URL") or "memory://"


def login_throttle() -> LoginThrottle:
    return current_app.extensions["tracker_login_throttle"]


def client_address() -> str:
    """The caller's address: as the WSGI server saw it, or, with ``PROXY_HOPS`` set, as the
    trusted proxies reported it in ``X-Forwarded-For`` (see :func:`trust_proxies`)."""
    return request.remote_addr or "unknown"


def trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_HOPS`` load balancers or reverse proxies, read the client's address,
    scheme and host from the ``X-Forwarded-*`` headers they add. Off by default: without a
    proxy in front, anyone could send those headers and pick the address the throttle sees."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    uri = throttle_storage_uri(app)
    if uri == "memory://" and app.config.get("ENV") == "production":
        app.logger.warning(
            "TRACKER_REDIS_URL is not set: failed sign-ins are counted per process, so several "
            "workers each allow their own share of guesses. Set TRACKER_REDIS_URL."
        )
    options = {"key_prefix": app.config.get("THROTTLE_KEY_PREFIX", "tracker")}
    storage = (
        storage_from_string(uri, **options) if uri != "memory://" else storage_from_string(uri)
    )
    if not isinstance(storage, Storage):
        # an ``async+redis://`` URL names asyncio storage, which a WSGI request cannot await
        scheme = uri.split(":", 1)[0]
        raise RuntimeError(f"TRACKER_REDIS_URL must name a synchronous storage, not {scheme}:")
    app.extensions["tracker_login_throttle"] = LoginThrottle(storage)
    app.before_request(refuse_nul_in_query)
    app.after_request(add_security_headers)
