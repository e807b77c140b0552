"""Requests that change something take the database's write lock when they start."""

from __future__ import annotations

from flask import Flask, request

from tracker.db import begin_write
from tracker.extensions import db

#: methods that never write, so their requests read without blocking anyone
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def claim_write_lock() -> None:
    """Before a POST: on SQLite, queue for the write lock now (waiting out other writers under
    the busy timeout) instead of failing with "database is locked" halfway through."""
    if request.method not in SAFE_METHODS and request.endpoint not in (None, "static"):
        begin_write(db.session)


def init_app(app: Flask) -> None:
    # Registered before any hook that reads the database, so the transaction opens as a writer.
    app.before_request(claim_write_lock)
