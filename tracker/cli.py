"""The ``tracker`` command: the Flask CLI on the app factory, plus the tracker's own jobs.

Every command goes through the same services as the web pages.
"""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

import tracker
from tracker import cli_data, migrate
from tracker.backup import backup_command, restore_command
from tracker.cli_tokens import create_token
from tracker.cli_transactions import write_transaction
from tracker.demo import DemoReport, load_demo
from tracker.extensions import db
from tracker.models import User, UserRole
from tracker.services import accounts
from tracker.services.errors import RuleViolation


def create_cli_app() -> Flask:
    """The app the commands run in: the same factory as the web server's."""
    return tracker.create_app()


@click.group(cls=FlaskGroup, create_app=create_cli_app, add_version_option=False)
def main() -> None:
    """Negotiation Round Tracker: run the app, migrate, load the demo, manage accounts."""


@click.group("db")
def db_group() -> None:
    """Database schema: Alembic migrations on the configured database."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION ("base" empties it)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db_group.command("check")
@with_appcontext
def db_check() -> None:
    """Fail when the models have changes no migration carries."""
    migrate.check(current_app.config["DATABASE_URL"])
    click.echo("Models and migrations agree.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo story (2025 Iran–US talks) and demo accounts. Running it twice changes nothing."""

    def load() -> DemoReport:
        report = load_demo(db.session)
        db.session.commit()
        return report

    click.echo(write_transaction(load).summary())


@click.command("create-user")
@click.argument("email")
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.option(
    "--role",
    type=click.Choice([role.value for role in UserRole]),
    default=UserRole.VIEWER.value,
    show_default=True,
)
@with_appcontext
def create_user(email: str, name: str | None, role: str) -> None:
    """Create an account. The password is asked without echo, or read from stdin when piped."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    values = {
        "email": email,
        "name": name or email.split("@")[0],
        "role": UserRole(role),
        "password": password,
        "active": True,
    }

    def create() -> User:
        user = accounts.users.create(db.session, None, values)
        db.session.commit()
        return user

    try:
        user = write_transaction(create)
    except RuleViolation as error:
        db.session.rollback()
        where = f"{error.field}: " if error.field else ""
        raise click.ClickException(f"{where}{error.message}") from error
    click.echo(f"Created {user.role.value} account {user.email}.")


def register(app: Flask) -> None:
    for command in (
        db_group,
        seed_demo,
        create_user,
        create_token,
        *cli_data.COMMANDS,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)


if __name__ == "__main__":
    main()
