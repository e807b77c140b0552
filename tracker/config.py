"""Configuration: defaults, then ``instance/config.py``, then ``TRACKER_*`` environment variables.

The same resolution serves the web app, the CLI and Alembic's ``env.py``, so every door opens
the same database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The secret a laptop runs with; refusing it in production is the point of naming it.
DEFAULT_SECRET_KEY = "dev-only-not-secret"

#: Settings that may come from ``TRACKER_<NAME>`` environment variables, with their defaults.
DEFAULTS: dict[str, object] = {
    "SECRET_KEY": DEFAULT_SECRET_KEY,
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "ENV": "development",  # "production" refuses the default secret key
    "REDIS_URL": None,
    "PAGE_SIZE": 25,
    "SESSION_COOKIE_SECURE": False,
    "PROXY_HOPS": 0,  # trusted proxies in front (X-Forwarded-For); 0: the app faces clients
    "LOG_FORMAT": "text",  # "json": one JSON object per log line
    "ASSIST_FETCH_LINKS": False,  # article assist may fetch a pasted link (one GET)
    "ASSIST_FETCH_PRIVATE": False,  # ... even on loopback/private addresses (tests only)
    "ASSIST_FETCH_TIMEOUT": 10,  # seconds
    "ASSIST_FETCH_MAX_BYTES": 2_000_000,
}

SQLITE_FILENAME = "tracker.sqlite3"


def repo_root() -> Path:
    """The folder holding ``tracker/``: a source checkout's root or site-packages."""
    return Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    """The instance folder: ``TRACKER_INSTANCE_PATH`` when set (installed packages need it)."""
    configured = os.environ.get("TRACKER_INSTANCE_PATH")
    if configured:
        path = Path(configured)
        if not path.is_absolute():
            raise RuntimeError("TRACKER_INSTANCE_PATH must be an absolute path")
        return path
    if (repo_root() / "pyproject.toml").exists():
        return repo_root() / "instance"  # a source checkout: the repo's own instance/
    return Path(sys.prefix) / "var" / "tracker-instance"  # installed: never inside site-packages


def resource_dir(name: str) -> Path:
    """Where ``templates`` or ``migrations`` live: inside the installed package or at the repo root.

    A wheel carries them as ``tracker/<name>``; a source checkout keeps them at the top level.
    """
    packaged = Path(__file__).resolve().parent / name
    if packaged.is_dir():
        return packaged
    return repo_root() / name


def default_database_url(instance: Path | None = None) -> str:
    folder = instance or instance_path()
    return f"sqlite:///{folder / SQLITE_FILENAME}"


def _coerce(value: str, default: object) -> object:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    return value


def environment_overrides(environ: os._Environ[str] | dict[str, str] | None = None) -> dict:
    """Settings named by ``TRACKER_*`` environment variables, typed like their defaults."""
    environ = os.environ if environ is None else environ
    found: dict[str, object] = {}
    for name, default in DEFAULTS.items():
        raw = environ.get(f"TRACKER_{name}")
        if raw is not None and raw != "":
            found[name] = _coerce(raw, default)
    return found


def database_url() -> str:
    """The database URL as the app would resolve it, for tools that run without an app."""
    url = environment_overrides().get("DATABASE_URL")
    if url:
        return normalise_database_url(str(url))
    config_file = instance_path() / "config.py"
    if config_file.exists():
        namespace: dict[str, object] = {}
        exec(compile(config_file.read_text(), str(config_file), "exec"), namespace)
        if namespace.get("DATABASE_URL"):
            return normalise_database_url(str(namespace["DATABASE_URL"]))
    return default_database_url()


def normalise_database_url(url: str) -> str:
    """Send bare ``postgresql://`` URLs through psycopg 3, the only PostgreSQL driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
