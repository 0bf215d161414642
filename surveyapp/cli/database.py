import sqlite3

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

from surveyapp.database import get_engine, migrate
from surveyapp.services.sealed import ScrubIncomplete, scrub

from .language import gettext as _
from .language import lazy_gettext as _l

db_group = AppGroup("db", help=_l("Create and upgrade the database schema."))


@db_group.command(
    "upgrade",
    help=_l(
        "Apply all migrations (creates the database if needed).\n\nMigrations that "
        "seal or open stored records use the app's SURVEYAPP_ANSWER_KEYS (and, to read "
        "comments stored before they were sealed, SURVEYAPP_COMMENT_KEYS). Afterwards "
        "the database is scrubbed, so no page of a dropped table is left behind."
    ),
)
def upgrade() -> None:
    config = current_app.config
    secrets = {"ANSWER_KEYS": config["ANSWER_KEYS"], "COMMENT_KEYS": config["COMMENT_KEYS"]}
    migrate.upgrade(config["DATABASE_URL"], secrets=secrets)
    get_engine().dispose()
    try:
        scrub(get_engine())
    except (ScrubIncomplete, DBAPIError, sqlite3.Error) as error:
        click.echo(
            _("Warning: not scrubbed (%(why)s); run 'surveyapp db upgrade' again.", why=error),
            err=True,
        )
    click.echo(_("Database is up to date."))


@db_group.command("check", help=_l("Fail if the models and the migrations have drifted apart."))
def check() -> None:
    migrate.check(current_app.config["DATABASE_URL"])
    click.echo(_("Models and migrations match."))
