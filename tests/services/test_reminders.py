"""Reminders on SQLite and PostgreSQL: lists kept sealed, dates checked, each reminder sent
once even by two senders at the same moment, put back when the server is down, and everything
forgotten when the wave closes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.domain.smtp_url import parse_smtp_url
from surveyapp.models import ReminderDate, ReminderList, ReminderState, Unit, Wave
from surveyapp.runtime import runtime
from surveyapp.services import reminders
from surveyapp.services.mailer import NoMailer, SmtpMailer
from surveyapp.services.reminders import (
    MAX_ATTEMPTS,
    ReminderError,
    ReminderRound,
    add_date,
    keep_list,
    send_due_reminders,
)
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.factories import open_test_wave
from tests.support.leaks import assert_kept_nowhere
from tests.support.sealed import TEST_CIPHER
from tests.support.smtp import MailCatcher, silent_server, text_of
from tests.support.together import at_once

TEAM_A = ["sam.jones@example.org", "lee.smith@example.org"]
TEAM_B = ["kim.patel@example.org", "ash.khan@example.org", "jo.brown@example.org"]
TODAY = dt.date.today()
MORNING = dt.datetime.combine(TODAY, dt.time(10, 0)).astimezone()
ADMIN = "admin@example.org"


@pytest.fixture
def wave_id(mailing_app: Flask) -> Iterator[int]:
    with mailing_app.app_context(), session_scope(mailing_app) as session:
        wave = open_test_wave(session, mailing_app)
        cipher = runtime(mailing_app).address_cipher
        for key, addresses in (("team-a", TEAM_A), ("team-b", TEAM_B)):
            unit = unit_by_key(session, key)
            assert unit is not None
            keep_list(session, cipher, wave, unit, addresses, ADMIN)
            add_date(session, wave, unit, TODAY, TODAY, ADMIN)
        found = wave.id
    with mailing_app.app_context():
        yield found


def send(app: Flask, now: dt.datetime = MORNING, mailer: object = None) -> ReminderRound:
    running = runtime(app)
    return send_due_reminders(
        lambda: session_scope(app),
        mailer or running.mailer,  # type: ignore[arg-type]
        running.address_cipher,
        now,
        app.config["PUBLIC_URL"],
    )


def states(app: Flask) -> list[tuple[ReminderState, int, int | None]]:
    with session_scope(app) as session:
        rows = session.scalars(select(ReminderDate).order_by(ReminderDate.unit_id))
        return [(r.state, r.attempts, r.sent_count) for r in rows]


def test_everyone_on_the_list_is_reminded_once_without_an_invitation_link(
    mailing_app: Flask, wave_id: int, mail_server: MailCatcher
) -> None:
    first = send(mailing_app)
    assert sorted((run.sent, run.failed) for run in first.runs) == [(2, 0), (3, 0)]
    assert sorted(mail_server.to()) == sorted(TEAM_A + TEAM_B)
    message = mail_server.messages()[0]
    text = text_of(message)
    assert "If you have already answered Pulse: test, thank you" in text
    assert "http://127.0.0.1:5000/code" in text.splitlines()
    assert "/i/" not in text and "/t/" not in text
    assert send(mailing_app).runs == ()
    assert len(mail_server.messages()) == 5
    assert states(mailing_app) == [(ReminderState.SENT, 1, 2), (ReminderState.SENT, 1, 3)]
    assert_kept_nowhere(mailing_app, TEAM_A + TEAM_B)


def test_a_reminder_due_today_waits_for_the_morning(
    mailing_app: Flask, wave_id: int, mail_server: MailCatcher
) -> None:
    assert send(mailing_app, MORNING.replace(hour=7)).runs == ()
    assert mail_server.to() == []
    assert len(send(mailing_app, MORNING + dt.timedelta(days=1, hours=-9)).runs) == 2


def test_two_senders_at_once_send_each_reminder_once(
    mailing_app: Flask, wave_id: int, mail_server: MailCatcher
) -> None:
    rounds = at_once(lambda: send(mailing_app))
    assert len(rounds) == 2
    assert Counter(mail_server.to()) == Counter({address: 1 for address in TEAM_A + TEAM_B})
    assert sum(len(r.runs) for r in rounds) == 2
    assert [state for state, _, _ in states(mailing_app)] == [ReminderState.SENT] * 2


def test_a_server_that_is_down_puts_reminders_back_until_the_last_attempt(
    mailing_app: Flask, wave_id: int
) -> None:
    with silent_server() as url:
        down = SmtpMailer(parse_smtp_url(url), "x@example.org", timeout=0.5)
        for attempt in range(1, MAX_ATTEMPTS):
            assert {run.state for run in send(mailing_app, mailer=down).runs} == {
                ReminderState.PENDING
            }
            assert states(mailing_app) == [(ReminderState.PENDING, attempt, 0)] * 2
        assert {run.state for run in send(mailing_app, mailer=down).runs} == {ReminderState.FAILED}
    assert send(mailing_app).runs == ()


def test_an_interrupted_send_is_marked_failed_not_sent_again(
    mailing_app: Flask, wave_id: int, mail_server: MailCatcher
) -> None:
    with session_scope(mailing_app) as session:
        claimed = reminders.claim_due(session, MORNING)
    assert len(claimed) == 2  # ... and the process dies before sending
    assert send(mailing_app, MORNING + dt.timedelta(minutes=30)).runs == ()
    send(mailing_app, MORNING + dt.timedelta(hours=2))
    assert [state for state, _, _ in states(mailing_app)] == [ReminderState.FAILED] * 2
    assert mail_server.to() == []


def test_without_a_mail_server_nothing_is_claimed(mailing_app: Flask, wave_id: int) -> None:
    round_ = send(mailing_app, mailer=NoMailer("x@example.org"))
    assert round_ == ReminderRound((), "email is not set up (SURVEYAPP_SMTP_URL)")
    assert {state for state, _, _ in states(mailing_app)} == {ReminderState.PENDING}
    early = send(mailing_app, MORNING.replace(hour=7), mailer=NoMailer("x@example.org"))
    assert early == ReminderRound(())  # nothing due: nothing to say


def test_closing_the_wave_forgets_its_lists_and_dates(mailing_app: Flask, wave_id: int) -> None:
    with session_scope(mailing_app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, TODAY, TEST_CIPHER)
    with session_scope(mailing_app) as session:
        assert session.scalar(select(func.count()).select_from(ReminderList)) == 0
        assert session.scalar(select(func.count()).select_from(ReminderDate)) == 0


def test_dates_are_checked(mailing_app: Flask, wave_id: int) -> None:
    with session_scope(mailing_app) as session:
        wave = session.get(Wave, wave_id)
        team, svc = unit_by_key(session, "team-a"), unit_by_key(session, "svc")
        assert wave is not None and team is not None and svc is not None
        assert wave.closes_on is not None
        problems = {
            "has passed": (team, TODAY - dt.timedelta(days=1)),
            "before that date": (team, wave.closes_on + dt.timedelta(days=1)),
            "already set": (team, TODAY),
            "keep an address list": (svc, TODAY),
        }
        for problem, (unit, day) in problems.items():
            with pytest.raises(ReminderError, match=problem):
                add_date(session, wave, unit, day, TODAY, ADMIN)
        assert reminders.date_days_before_close(wave, 2) == wave.closes_on - dt.timedelta(2)
        add_date(session, wave, team, reminders.date_days_before_close(wave, 2), TODAY, ADMIN)
        reminders.remove_date(session, wave.id, team.id, TODAY, ADMIN)
        assert [d.send_on for d in reminders.dates_of(session, wave.id, team.id)] == [
            wave.closes_on - dt.timedelta(2)
        ]


def test_a_closed_wave_keeps_no_list(mailing_app: Flask, wave_id: int) -> None:
    with session_scope(mailing_app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, TODAY, TEST_CIPHER)
        unit = session.scalars(select(Unit).where(Unit.key == "team-a")).one()
        with pytest.raises(ReminderError, match="open waves only"):
            keep_list(session, runtime(mailing_app).address_cipher, wave, unit, TEAM_A, ADMIN)
