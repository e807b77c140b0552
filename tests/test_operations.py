"""Running the tracker for real: unexpected errors are logged with their traceback, request id,
user and path (text or JSON lines), the request id reaches the error page and the response
headers, and ``/health`` says whether the database answers."""

from __future__ import annotations

import io
import json
import logging

import pytest
from conftest import PASSWORD, create_account, empty_all_tables, make_app
from sqlalchemy.exc import OperationalError

from tracker import logs
from tracker.extensions import db
from tracker.http_access import public
from tracker.models import UserRole


class NewsroomOutage(Exception):
    """An error no handler expects, raised on purpose."""


@pytest.fixture
def failing_app(database_url, tmp_path):
    """An app that handles errors as in production (not TESTING), with two routes that fail:
    ``/explode`` for signed-in users, ``/explode-in-public`` for anyone."""

    def build(**config):
        application = make_app(database_url, tmp_path / "failing", TESTING=False, **config)

        def explode():
            raise NewsroomOutage("the wire service feed is malformed")

        @public
        def explode_in_public():
            raise NewsroomOutage("the wire service feed is malformed")

        @public
        def disk_failure():
            # not "database is locked": the busy-database handler passes it on
            raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

        application.add_url_rule("/explode", "explode", explode)
        application.add_url_rule("/explode-in-public", "explode_in_public", explode_in_public)
        application.add_url_rule("/disk-failure", "disk_failure", disk_failure)
        built.append(application)
        return application

    built = []
    yield build
    for application in built:
        with application.app_context():
            db.session.close()
            empty_all_tables(db.engine)
            db.engine.dispose()


def log_output(app, log_format):
    """Point the app's own log handler at a buffer, keeping its formatter and filter."""
    handler = next(h for h in app.logger.handlers if h.get_name() == logs.HANDLER_NAME)
    buffer = io.StringIO()
    handler.setStream(buffer)
    assert isinstance(handler.formatter, type(logs.make_formatter(log_format)))
    return buffer


def test_an_unexpected_error_is_logged_with_traceback_request_id_user_and_path(failing_app):
    app = failing_app()
    buffer = log_output(app, "text")
    create_account(app, UserRole.EDITOR, "logged@newsroom.example.org")
    client = app.test_client()
    client.post("/login", data={"email": "logged@newsroom.example.org", "password": PASSWORD})
    response = client.get("/explode")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.text  # the reference a reporter can quote
    written = buffer.getvalue()
    assert "Traceback (most recent call last)" in written
    assert "NewsroomOutage: the wire service feed is malformed" in written
    assert f"request {request_id}" in written
    assert "logged@newsroom.example.org" in written and "GET /explode" in written


def test_json_log_lines_carry_the_same(failing_app):
    app = failing_app(LOG_FORMAT="json")
    buffer = log_output(app, "json")
    response = app.test_client().get("/explode-in-public", headers={"Accept": "application/json"})
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert response.json["error"]["request_id"] == request_id
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    [entry] = [line for line in lines if line.get("request_id") == request_id]
    assert entry["levelname"] == "ERROR" and entry["path"] == "/explode-in-public"
    assert entry["user"] == "anonymous" and entry["method"] == "GET"
    assert "NewsroomOutage" in entry["exc_info"] and "Traceback" in entry["exc_info"]


def test_an_error_passed_on_by_another_handler_is_logged_once(failing_app):
    app = failing_app()
    buffer = log_output(app, "text")
    response = app.test_client().get("/disk-failure")
    assert response.status_code == 500
    written = buffer.getvalue()
    assert written.count("Traceback (most recent call last)") == 1
    assert "disk I/O error" in written
    assert f"request {response.headers['X-Request-ID']}" in written


def test_a_load_balancers_request_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/login", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert kept.headers["X-Request-ID"] == "lb-0123456789abcdef"
    replaced = client.get("/login", headers={"X-Request-ID": 'x <script> forged " log line'})
    assert replaced.headers["X-Request-ID"] != 'x <script> forged " log line'
    assert len(replaced.headers["X-Request-ID"]) == 32


def test_an_unknown_log_format_is_refused_at_start(database_url, tmp_path):
    with pytest.raises(RuntimeError, match="TRACKER_LOG_FORMAT"):
        make_app(database_url, tmp_path / "bad", LOG_FORMAT="xml")


def test_apps_made_one_after_another_log_each_line_once(database_url, tmp_path):
    for name in ("first", "second"):
        app = make_app(database_url, tmp_path / name)
        with app.app_context():
            db.engine.dispose()
    ours = [h for h in logging.getLogger(app.name).handlers if h.get_name() == logs.HANDLER_NAME]
    assert len(ours) == 1


def test_health_answers_ok_when_the_database_does(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_answers_503_when_the_database_does_not(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'tracker.sqlite3'}"
    app = make_app(unreachable, tmp_path / "instance")
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    with app.app_context():
        db.engine.dispose()
