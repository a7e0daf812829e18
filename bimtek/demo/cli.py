"""`flask demo seed`: the demo data set."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bimtek.demo.operations import DEMO_LOGINS, DEMO_PASSWORD, DemoError, seed_demo
from bimtek.transaction import committing

demo_cli = AppGroup("demo", help="Data demo.")


@demo_cli.command("seed")
def seed_command() -> None:
    """Create (or reuse) the demo election, officers and log-ins."""
    try:
        with committing():
            context = seed_demo()
    except DemoError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Data demo siap: {context.election.name} ({context.election.slug}).")
    click.echo(f"Log-in demo (kata sandi: {DEMO_PASSWORD}):")
    for username, description in DEMO_LOGINS:
        click.echo(f"  {username:<20} {description}")
