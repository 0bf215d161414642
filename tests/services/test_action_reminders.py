"""Owners of overdue actions are reminded by email through the real mail path (a local SMTP
server), once a week, once even with two senders at the same moment, and again after a send
that failed; ``surveyapp tick`` does it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.disclosure import measures
from surveyapp.domain.smtp_url import parse_smtp_url
from surveyapp.models import Action, AuditEntry
from surveyapp.runtime import runtime
from surveyapp.services.action_reminders import ActionReminderRound, send_overdue_reminders
from surveyapp.services.actions import NewAction, add_progress, record_action
from surveyapp.services.mailer import NoMailer, SmtpMailer
from surveyapp.services.publication import PlanSettings
from tests.support.actions import NOW, answered_wave, staff, unit_id
from tests.support.sealed import TEST_CIPHER
from tests.support.smtp import MailCatcher, silent_server, text_of
from tests.support.together import at_once

DAY = dt.date(2027, 2, 10)  # both test actions below are overdue then; one is done


@pytest.fixture
def overdue(mailing_app: Flask) -> Iterator[int]:
    """One overdue action of Team A's manager, one due later, one overdue but done."""
    app = mailing_app
    with app.app_context(), session_scope(app) as session:
        wave = answered_wave(app, session, "Pulse: spring")
        owner = staff(session)["manager_a"]
        team_a = unit_id(session, "team-a")

        def act(what: str, due: dt.date) -> Action:
            return record_action(
                session,
                owner,
                wave,
                team_a,
                NewAction(measures.theme("workload"), what, owner.id, due),
                runtime(app).banks,
                PlanSettings(answer_cipher=TEST_CIPHER),
                NOW,
            )

        late = act("Cap caseloads at 18", dt.date(2027, 1, 31))
        act("Review duty rotas", dt.date(2027, 3, 31))
        done = act("Hire two social workers", dt.date(2027, 1, 15))
        add_progress(session, owner, done, "", ActionStatus.DONE, "", NOW)
        found = late.id
    with app.app_context():
        yield found


def send(app: Flask, day: dt.date = DAY, mailer: object = None) -> ActionReminderRound:
    return send_overdue_reminders(
        lambda: session_scope(app),
        mailer or runtime(app).mailer,  # type: ignore[arg-type]
        day,
        app.config["PUBLIC_URL"],
    )


def test_the_owner_is_reminded_with_a_link_to_the_action_once_a_week(
    mailing_app: Flask, overdue: int, mail_server: MailCatcher
) -> None:
    assert send(mailing_app) == ActionReminderRound(sent=1)
    (message,) = mail_server.messages()
    assert message["To"] == "a.manager@example.org"
    assert message["Subject"] == "Overdue action for Team A / Cam gweithredu hwyr ar gyfer Team A"
    text = text_of(message)
    assert "was due on 31 January 2027" in text and "Cap caseloads at 18" in text
    assert f"http://127.0.0.1:5000/actions/{overdue}" in text.splitlines()
    assert send(mailing_app) == ActionReminderRound()
    assert send(mailing_app, DAY + dt.timedelta(days=6)) == ActionReminderRound()
    assert send(mailing_app, DAY + dt.timedelta(days=7)) == ActionReminderRound(sent=1)
    with session_scope(mailing_app) as session:
        trail = session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor == "surveyapp tick")
        ).all()
    assert trail == ["action_reminder.sent", "action_reminder.sent"]


def test_the_reminder_is_in_english_and_welsh_the_deployments_first_first(
    mailing_app: Flask, overdue: int, mail_server: MailCatcher
) -> None:
    """An account keeps no language: the owner reads the reminder in both."""
    mailing_app.config["LANGUAGES"] = ("cy", "en")
    send_overdue_reminders(
        lambda: session_scope(mailing_app),
        runtime(mailing_app).mailer,
        DAY,
        mailing_app.config["PUBLIC_URL"],
        mailing_app.config["LANGUAGES"],
    )
    (message,) = mail_server.messages()
    assert message["Subject"] == "Cam gweithredu hwyr ar gyfer Team A / Overdue action for Team A"
    assert message["Content-Language"] == "cy, en"
    welsh, english = text_of(message).split("\n---\n")
    assert "i fod wedi’i wneud erbyn 31 Ionawr 2027" in welsh and "Cap caseloads at 18" in welsh
    assert "Dywedoch chi, gwnaethom ni" in welsh
    assert "was due on 31 January 2027" in english
    link = f"http://127.0.0.1:5000/actions/{overdue}"
    assert link in welsh.splitlines() and link in english.splitlines()
    html = str(message.get_body(preferencelist=("html",)).get_content())  # type: ignore[union-attr]
    assert html.index('<div lang="cy">') < html.index('<div lang="en">')


def test_two_senders_at_once_remind_once(
    mailing_app: Flask, overdue: int, mail_server: MailCatcher
) -> None:
    rounds = at_once(lambda: send(mailing_app))
    assert len(rounds) == 2 and sum(r.sent for r in rounds) == 1
    assert Counter(mail_server.to()) == Counter({"a.manager@example.org": 1})


def test_a_reminder_the_server_did_not_take_is_sent_at_the_next_run(
    mailing_app: Flask, overdue: int, mail_server: MailCatcher
) -> None:
    with silent_server() as url:
        down = SmtpMailer(parse_smtp_url(url), "x@example.org", timeout=0.5)
        assert send(mailing_app, mailer=down) == ActionReminderRound(not_sent=1)
    assert mail_server.to() == []
    assert send(mailing_app) == ActionReminderRound(sent=1)
    assert mail_server.to() == ["a.manager@example.org"]


def test_without_mail_nothing_is_claimed(mailing_app: Flask, overdue: int) -> None:
    refused = send(mailing_app, mailer=NoMailer("x@example.org"))
    assert refused.sent == 0 and "SURVEYAPP_SMTP_URL" in (refused.not_sent_because or "")
    with session_scope(mailing_app) as session:
        assert session.scalars(select(Action.reminded_on)).all() == [None, None, None]


def test_tick_sends_them(mailing_app: Flask, overdue: int, mail_server: MailCatcher) -> None:
    with session_scope(mailing_app) as session:
        action = session.get(Action, overdue)
        assert action is not None
        action.due_on = dt.date.today() - dt.timedelta(days=1)  # it fell due yesterday
    result = mailing_app.test_cli_runner().invoke(args=["tick"])
    assert result.exit_code == 0, result.output
    assert "Reminded the owners of 1 overdue action(s)." in result.output
    assert mail_server.to() == ["a.manager@example.org"]
    again = mailing_app.test_cli_runner().invoke(args=["tick"])
    assert "overdue" not in again.output and mail_server.to() == ["a.manager@example.org"]
