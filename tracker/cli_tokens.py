"""``tracker create-token EMAIL``: a personal API token for a script, printed once."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from tracker.cli_transactions import write_transaction
from tracker.extensions import db
from tracker.models import ApiToken
from tracker.services import accounts, tokens
from tracker.services.errors import RuleViolation


@click.command("create-token")
@click.argument("email")
@click.option(
    "--name",
    default="Command line",
    show_default=True,
    help="What the token is for, as listed on the user's profile page.",
)
@with_appcontext
def create_token(email: str, name: str) -> None:
    """Create an API token for the account EMAIL and print it.

    Only the token goes to standard output, so `TOKEN=$(tracker create-token ...)` works; it is
    not stored and cannot be shown again.
    """
    user = accounts.find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account with the email {email!r}.")

    def create() -> tuple[ApiToken, str]:
        created = tokens.create_token(db.session, user, name)
        db.session.commit()
        return created

    try:
        token, text = write_transaction(create)
    except RuleViolation as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Created API token “{token.name}” for {user.email}. Copy it now:", err=True)
    click.echo(text)
