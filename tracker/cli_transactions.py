"""The commands' writes: each one transaction, retried whole on a transient database failure,
as the web pages' are (see :mod:`tracker.views.transactions`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click
from sqlalchemy.exc import OperationalError

from tracker.db import begin_write, is_transient, run_transaction
from tracker.extensions import db

Result = TypeVar("Result")


def write_transaction(work: Callable[[], Result]) -> Result:
    """Run ``work`` (which writes through ``db.session`` and commits) as a writer, again from
    the start after a deadlock, a serialization failure or SQLite's "database is locked".

    :raise click.ClickException: when the database stayed busy through every attempt.
    """

    def claim_write_lock() -> None:
        begin_write(db.session)

    claim_write_lock()
    try:
        return run_transaction(db.session, work, before_retry=claim_write_lock)
    except OperationalError as error:
        if not is_transient(error):
            raise
        db.session.rollback()
        raise click.ClickException(
            "The database stayed busy with other changes; nothing was saved. Try again in a moment."
        ) from error
