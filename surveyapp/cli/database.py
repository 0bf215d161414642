import sqlite3

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

from surveyapp.database import get_engine, migrate
from surveyapp.services.sealed import ScrubIncomplete, scrub

db_group = AppGroup("db", help="Create and upgrade the database schema.")


@db_group.command("upgrade")
def upgrade() -> None:
    """Apply all migrations (creates the database if needed).

    Migrations that seal or open stored records use the app's SURVEYAPP_ANSWER_KEYS (and, to
    read comments stored before they were sealed, SURVEYAPP_COMMENT_KEYS). Afterwards the
    database is scrubbed, so no page of a dropped table is left behind.
    """
    config = current_app.config
    secrets = {"ANSWER_KEYS": config["ANSWER_KEYS"], "COMMENT_KEYS": config["COMMENT_KEYS"]}
    migrate.upgrade(config["DATABASE_URL"], secrets=secrets)
    get_engine().dispose()
    try:
        scrub(get_engine())
    except (ScrubIncomplete, DBAPIError, sqlite3.Error) as error:
        click.echo(f"Warning: not scrubbed ({error}); run 'surveyapp db upgrade' again.", err=True)
    click.echo("Database is up to date.")


@db_group.command("check")
def check() -> None:
    """Fail if the models and the migrations have drifted apart."""
    migrate.check(current_app.config["DATABASE_URL"])
    click.echo("Models and migrations match.")
