import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.database import migrate

db_group = AppGroup("db", help="Create and upgrade the database schema.")


@db_group.command("upgrade")
def upgrade() -> None:
    """Apply all migrations (creates the database if needed)."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@db_group.command("check")
def check() -> None:
    """Fail if the models and the migrations have drifted apart."""
    migrate.check(current_app.config["DATABASE_URL"])
    click.echo("Models and migrations match.")
