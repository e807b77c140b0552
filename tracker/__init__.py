"""The Negotiation Round Tracker: a Flask app factory that reads as a table of contents."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tracker import api, cli, extensions, http_access, i18n, logs, security, views
from tracker import config as tracker_config
from tracker.db import configure_sqlite
from tracker.services import registry, timeline_index
from tracker.services.record_kinds import RECORD_SERVICES
from tracker.views import errors, helpers, transactions
from tracker.views.auth import load_user


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands and error pages."""
    instance = tracker_config.instance_path()
    app = transactions.TrackerFlask(
        __name__,
        instance_path=str(instance),
        instance_relative_config=True,
        template_folder=str(tracker_config.resource_dir("templates")),
    )
    configure(app, test_config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(tracker_config.DEFAULTS)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(tracker_config.environment_overrides())
    else:
        app.config.update(test_config)
    url = app.config.get("DATABASE_URL") or tracker_config.default_database_url(
        tracker_config.Path(app.instance_path)
    )
    app.config["DATABASE_URL"] = tracker_config.normalise_database_url(url)
    app.config.setdefault("SQLALCHEMY_ENGINES", {"default": app.config["DATABASE_URL"]})
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    refuse_default_secret_in_production(app)
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        tracker_config.Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def refuse_default_secret_in_production(app: Flask) -> None:
    """Signed sessions with a published key are forgeable: never serve them to a newsroom."""
    if app.config["ENV"] == "production" and (
        app.config["SECRET_KEY"] == tracker_config.DEFAULT_SECRET_KEY
        or len(str(app.config["SECRET_KEY"])) < 16
    ):
        raise RuntimeError(
            "Refusing to start in production with the default or a short secret key. "
            "Set TRACKER_SECRET_KEY to a long random value "
            '(python -c "import secrets; print(secrets.token_hex(32))").'
        )


def register_logging(app: Flask) -> None:
    """Request ids and log lines first, so every later hook's failures are traceable; the
    proxy headers are read before anything looks at the client's address."""
    logs.init_app(app)
    security.trust_proxies(app)


def register_extensions(app: Flask) -> None:
    """The record services by kind, the database (with the timeline's hook on every session),
    CSRF, sign-in, the interface's language and the rate limits."""
    registry.install(RECORD_SERVICES)
    timeline_index.install()
    extensions.db.init_app(app)
    with app.app_context():
        configure_sqlite(extensions.db.engine)
    extensions.csrf.init_app(app)
    login_manager = extensions.login_manager
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see the tracker."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    transactions.init_app(app)  # first: the transaction opens as a writer before any read
    http_access.init_app(app)
    i18n.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Two doors onto the same services: the web pages and the JSON API."""
    for blueprint in [*views.blueprints(), api.bp]:
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    cli.register(app)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)


def register_template_helpers(app: Flask) -> None:
    helpers.register(app, views.detail_endpoints())
