"""Fixtures: one migrated database per test run (SQLite by default, PostgreSQL when
``TRACKER_TEST_DATABASE_URL`` names a server), an app per test on it, and sign-in helpers.

The schema is built by running the Alembic migrations, never ``create_all()``; every table is
emptied after each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from tracker import create_app, migrate
from tracker.db import Base
from tracker.extensions import db
from tracker.models import User, UserRole
from tracker.models import accounts as accounts_model
from tracker.services import accounts

PASSWORD = "correct horse battery"

# Hashing cost is not behaviour under test: a cheap method keeps the suite fast.
accounts_model.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


def _postgres_server_url() -> str | None:
    url = os.environ.get("TRACKER_TEST_DATABASE_URL")
    return url or None


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """An empty database of its own: a SQLite file in ``folder``, or a new PostgreSQL database
    on the server named by ``TRACKER_TEST_DATABASE_URL``, dropped afterwards."""
    server = _postgres_server_url()
    if server is None:
        yield f"sqlite:///{folder / f'tracker-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    base = make_url(server.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database migrated to head for this test run, dropped at the end."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for this test alone."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def empty_all_tables(engine: Engine) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))
            if connection.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            ).first():
                connection.execute(text("DELETE FROM sqlite_sequence"))


def make_app(database_url: str, instance: Path, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }
    os.environ["TRACKER_INSTANCE_PATH"] = str(instance)
    return create_app(config)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = make_app(database_url, tmp_path / "instance")
    yield application
    with application.app_context():
        db.session.close()
        empty_all_tables(db.engine)
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask):
    """The app's database session, inside an app context."""
    with app.app_context():
        yield db.session


def create_account(app: Flask, role: UserRole, email: str | None = None) -> User:
    with app.app_context():
        user = accounts.users.create(
            db.session,
            None,
            {
                "email": email or f"{role.value}@newsroom.example.org",
                "name": f"Test {role.label}",
                "role": role,
                "password": PASSWORD,
                "active": True,
            },
        )
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


class AuthActions:
    """Sign in as a fresh account of a given role, the way a person would: through the form."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def login(self, role: UserRole | str = UserRole.EDITOR) -> User:
        role = UserRole(role)
        email = f"{role.value}@newsroom.example.org"
        with self.app.app_context():
            existing = accounts.find_user_by_email(db.session, email)
        user = existing or create_account(self.app, role, email)
        response = self.client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return user

    def logout(self) -> None:
        self.client.post("/logout")


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo story, loaded through the services (without the demo accounts)."""
    from tracker.demo import load_demo

    with app.app_context():
        load_demo(db.session, with_accounts=False)
        db.session.commit()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis server that answers (``TRACKER_TEST_REDIS_URL``, default the local one's
    database 15), or the test is skipped, saying why: a laptop need not run Redis."""
    import redis

    url = os.environ.get("TRACKER_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at {url} ({error}): set TRACKER_TEST_REDIS_URL")
    finally:
        client.close()
    return url


@pytest.fixture
def another_app(database_url: str, tmp_path: Path):
    """Apps beside the ``app`` fixture on the same database (another worker or host, another
    configuration), with their tables and sign-in counts cleaned up afterwards."""
    from tracker import security

    made: list[Flask] = []

    def build(name: str = "other", **config: object) -> Flask:
        application = make_app(database_url, tmp_path / name, **config)
        made.append(application)
        return application

    yield build
    for application in made:
        with application.app_context():
            security.login_throttle().storage.reset()
            db.session.close()
            empty_all_tables(db.engine)
            db.engine.dispose()
