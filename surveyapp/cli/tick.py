"""``surveyapp tick``: the scheduled work, run every minute from cron or a systemd timer."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.database import session_scope
from surveyapp.runtime import runtime
from surveyapp.services.action_reminders import send_overdue_reminders
from surveyapp.services.reminders import ReminderRound, send_due_reminders
from surveyapp.services.scheduling import run_tick

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said


def _reminder_lines(sent: ReminderRound) -> list[str]:
    if sent.not_sent_because:
        return [_("Reminders not sent: %(why)s.", why=said(sent.not_sent_because))]
    return [
        _(
            "Reminded the list of unit %(unit)s in wave %(wave)s: %(sent)s sent, %(failed)s not "
            "sent (%(state)s).",
            unit=run.unit_id,
            wave=run.wave_id,
            sent=run.sent,
            failed=run.failed,
            state=run.state,
        )
        for run in sent.runs
    ]


@click.command(
    "tick",
    help=_l(
        "Close waves past their closing date, open planned waves and each recurring "
        "pulse's next wave, then send the reminders due and remind the owners of "
        "overdue actions (weekly). Safe to run often and from several servers at once: "
        "each is done once."
    ),
)
@with_appcontext
def tick_command() -> None:
    config, running = current_app.config, runtime()
    with session_scope() as session:
        report = run_tick(
            session,
            running.banks,
            config["MIN_GROUP_SIZE"],
            config["MIN_COMMENT_GROUP_SIZE"],
            dt.date.today(),
            running.answer_cipher,
        )
        lines = report.lines()
    # After the waves: a wave that closed today is not reminded (closing forgets its lists).
    sent = send_due_reminders(
        session_scope,
        running.mailer,
        running.address_cipher,
        dt.datetime.now(dt.UTC),
        config["PUBLIC_URL"],
        config["LANGUAGES"],  # both languages, the deployment's first first
    )
    reminded = _reminder_lines(sent)
    if reminded and lines == ["Nothing was due."]:
        lines = []
    # After the waves' own work has committed: the mail goes with no lock held.
    overdue = send_overdue_reminders(
        session_scope, running.mailer, dt.date.today(), config["PUBLIC_URL"], config["LANGUAGES"]
    )
    for line in lines + reminded + overdue.lines():
        click.echo(line)
