"""``/health`` for load balancers and monitoring: does this process answer, and does its
database? Public and cheap, and it says nothing about the tracker's contents."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.http_access import public

bp = Blueprint("health", __name__)

NO_CACHE = {"Cache-Control": "no-store"}


@bp.get("/health")
@public
def check():
    """200 ``{"status": "ok"}`` when the database answers a query, else 503 (logged)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Health check: the database does not answer", exc_info=True)
        return jsonify(status="unavailable", database="unreachable"), 503, NO_CACHE
    finally:
        db.session.close()
    return jsonify(status="ok", database="ok"), 200, NO_CACHE
