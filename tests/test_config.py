"""Configuration comes from the environment with safe defaults, and production refuses a
default secret."""

from __future__ import annotations

import pytest

from tracker import config, create_app


def test_production_refuses_the_default_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="default or a short secret key"):
        create_app()


def test_production_starts_with_a_real_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c")
    app = create_app()
    assert app.config["SECRET_KEY"] == "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c"


def test_sqlite_in_the_instance_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_instance_path_must_be_absolute(monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", "relative/instance")
    with pytest.raises(RuntimeError, match="absolute"):
        config.instance_path()


def test_postgres_urls_go_through_psycopg_3():
    assert config.normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert config.normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert config.normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_environment_values_are_typed(monkeypatch):
    overrides = config.environment_overrides(
        {"TRACKER_PAGE_SIZE": "50", "TRACKER_SESSION_COOKIE_SECURE": "true", "OTHER": "x"}
    )
    assert overrides == {"PAGE_SIZE": 50, "SESSION_COOKIE_SECURE": True}
