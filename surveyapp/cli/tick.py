"""``surveyapp tick``: the scheduled work, run every minute from cron or a systemd timer."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.database import session_scope
from surveyapp.runtime import runtime
from surveyapp.services.action_reminders import send_overdue_reminders
from surveyapp.services.scheduling import run_tick


@click.command("tick")
@with_appcontext
def tick_command() -> None:
    """Open planned waves, close waves past their closing date, open each recurring pulse's
    next wave and remind the owners of overdue actions (weekly). Safe to run often and from
    several servers at once: each is done once."""
    config = current_app.config
    with session_scope() as session:
        report = run_tick(
            session,
            runtime().banks,
            config["MIN_GROUP_SIZE"],
            config["MIN_COMMENT_GROUP_SIZE"],
            dt.date.today(),
        )
        lines = report.lines()
    # After the waves' own work has committed: the mail goes with no lock held.
    reminded = send_overdue_reminders(
        session_scope, runtime().mailer, dt.date.today(), config["PUBLIC_URL"]
    )
    lines += reminded.lines()
    for line in lines:
        click.echo(line)
