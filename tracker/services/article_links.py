"""Fetching one article page by its link, for article assist, when the deployment allows it.

One GET, nothing else: no redirect followed, no image, script or style fetched (the page's HTML
is only read). Only http and https; the host's addresses are checked before connecting and the
connection goes to the checked address, so a link cannot reach the server's own network
(loopback, private, link-local) unless ``allow_private`` says so (tests serving a page locally).
A refusal is a :class:`LinkRefused` carrying a translatable message, never a crash.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tracker.services.wording import N_

_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchRules:
    """How far a fetch may go: seconds to wait, bytes to take, and whether local addresses
    are allowed (never in production)."""

    timeout: float = 10.0
    max_bytes: int = 2_000_000
    allow_private: bool = False


class LinkRefused(Exception):
    """The link was not fetched or gave no web page; ``template`` and ``params`` say why."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


def _checked_address(host: str, port: int, rules: FetchRules) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise LinkRefused(N_("No site answers at %(host)s."), host=host) from None
    addresses = [str(info[4][0]) for info in found]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not rules.allow_private and not ip.is_global:
            raise LinkRefused(N_("Links to local or private network addresses are not fetched."))
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever the name resolves to by then."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def fetch_page(url: str, rules: FetchRules) -> bytes:
    """The HTML at ``url``, at most ``rules.max_bytes`` of it, within ``rules.timeout`` seconds.

    :raise LinkRefused: for another scheme, a local address without leave, no answer, an answer
        other than 200, a redirect, something else than a web page, or a page too big.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LinkRefused(N_("Only http and https links can be fetched."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _checked_address(parts.hostname, port, rules)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, rules.timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + rules.timeout
    try:
        connection.request(
            "GET",
            path,
            headers={"Accept": "text/html,application/xhtml+xml", "User-Agent": "tracker"},
        )
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise LinkRefused(
                N_("The link moves to another address (%(location)s): paste that link instead."),
                location=response.getheader("Location", "?"),
            )
        if response.status != 200:
            raise LinkRefused(
                N_("The site answered %(status)s instead of the page."), status=response.status
            )
        kind = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()
        if kind not in _PAGE_TYPES:
            raise LinkRefused(N_("The link gives no web page (%(kind)s)."), kind=kind or "?")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > rules.max_bytes:
            raise LinkRefused(N_("The page is too big to read here: save it and upload it."))
        body = bytearray()
        while chunk := response.read(_CHUNK):
            body += chunk
            if len(body) > rules.max_bytes:
                raise LinkRefused(N_("The page is too big to read here: save it and upload it."))
            if time.monotonic() > deadline:
                raise TimeoutError
        return bytes(body)
    except TimeoutError:
        raise LinkRefused(
            N_("The site did not answer in time (%(seconds)s s)."), seconds=int(rules.timeout)
        ) from None
    except (OSError, http.client.HTTPException):
        raise LinkRefused(N_("The page could not be fetched from this link.")) from None
    finally:
        connection.close()
