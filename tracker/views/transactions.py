"""Every request is one transaction: requests that change something take the database's
write lock when they start, and a view the database failed for a passing reason (a deadlock,
a serialization failure, SQLite still locked) is run again, whole, before anyone sees it."""

from __future__ import annotations

from flask import Flask, request
from flask.typing import ResponseReturnValue

from tracker.db import begin_write, run_transaction
from tracker.extensions import db

#: methods that never write, so their requests read without blocking anyone
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TrackerFlask(Flask):
    """Flask, running each view through :func:`tracker.db.run_transaction`.

    Views stay as they are (parse, call a service, commit, redirect): when one fails with a
    transient database error before it committed, the session is rolled back and the view runs
    again from the start, so the editor sees their save succeed. Only when every attempt fails
    does the error reach :func:`tracker.views.errors.handle_transient_failure` (a 503).
    """

    def dispatch_request(self) -> ResponseReturnValue:
        dispatch = super().dispatch_request
        return run_transaction(db.session, dispatch, before_retry=prepare_retry)


def prepare_retry() -> None:
    """Put the request back as it arrived: uploaded files rewound, the write lock claimed."""
    for upload in request.files.values():
        upload.stream.seek(0)
    claim_write_lock()


def claim_write_lock() -> None:
    """Before a POST: on SQLite, queue for the write lock now (waiting out other writers under
    the busy timeout) instead of failing with "database is locked" halfway through."""
    if request.method not in SAFE_METHODS and request.endpoint not in (None, "static"):
        begin_write(db.session)


def init_app(app: Flask) -> None:
    # Registered before any hook that reads the database, so the transaction opens as a writer.
    app.before_request(claim_write_lock)
