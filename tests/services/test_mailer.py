"""The mailer against a real SMTP server on loopback: what is sent, what is refused (550 for one
address), a server that stalls or never answers, a batch that runs out of time, the console in
development and the refusal in production."""

from __future__ import annotations

import io
import time

import pytest

from surveyapp.domain.mail_message import compose
from surveyapp.domain.mail_wording import MessageKind
from surveyapp.domain.smtp_url import parse_smtp_url
from surveyapp.services.mailer import (
    NO_SMTPUTF8,
    OUT_OF_TIME,
    ConsoleMailer,
    MailUnavailable,
    NoMailer,
    SmtpMailer,
    mailer_from_config,
)
from tests.support.smtp import REFUSAL, MailCatcher, mail_catcher, silent_server, text_of

SENDER = "Staff Voice <survey@council.example>"
VALUES = {"survey": "Pulse", "unit": "Team A", "closes": ""}


def messages(*addresses: str):  # type: ignore[no-untyped-def]
    return [
        compose(MessageKind.INVITATION, a, f"https://s.example/i/TOKEN{n}", VALUES)
        for n, a in enumerate(addresses)
    ]


def smtp(url: str, timeout: float = 2, **kwargs: object) -> SmtpMailer:
    return SmtpMailer(parse_smtp_url(url), SENDER, timeout, **kwargs)  # type: ignore[arg-type]


def test_each_message_arrives_with_sender_date_and_id(mail_server: MailCatcher) -> None:
    outcomes = smtp(mail_server.url).deliver(messages("a@example.org", "b@example.org"))
    assert [o.is_sent for o in outcomes] == [True, True]
    received = mail_server.messages()
    assert [m["To"] for m in received] == ["a@example.org", "b@example.org"]
    assert all(m["From"] == SENDER and m["Date"] and m["Message-ID"] for m in received)
    assert "https://s.example/i/TOKEN1" in text_of(received[1]).splitlines()


def test_a_refused_address_fails_alone_with_the_servers_reason(mail_server: MailCatcher) -> None:
    mail_server.refuse = {"nobody@example.org"}
    outcomes = smtp(mail_server.url).deliver(
        messages("a@example.org", "nobody@example.org", "c@example.org")
    )
    assert [o.is_sent for o in outcomes] == [True, False, True]
    assert outcomes[1].reason == f"refused by the mail server: {REFUSAL}"
    assert mail_server.to() == ["a@example.org", "c@example.org"]


def test_an_international_address_goes_only_where_the_server_takes_it() -> None:
    addresses = ("jürgen@example.org", "b@example.org")
    with mail_catcher() as modern:
        assert all(o.is_sent for o in smtp(modern.url).deliver(messages(*addresses)))
    with mail_catcher(smtputf8=False) as older:
        outcomes = smtp(older.url).deliver(messages(*addresses))
        assert older.to() == ["b@example.org"]
    assert [o.is_sent for o in outcomes] == [False, True]
    assert outcomes[0].reason == NO_SMTPUTF8


def test_a_server_that_stalls_fails_the_rest_of_the_batch_at_once(
    mail_server: MailCatcher,
) -> None:
    mail_server.hang_on_data = 3
    started = time.monotonic()
    outcomes = smtp(mail_server.url, timeout=1).deliver(
        messages("a@example.org", "b@example.org", "c@example.org")
    )
    assert time.monotonic() - started < 2.5
    assert not any(o.is_sent for o in outcomes)
    assert {o.reason for o in outcomes} == {
        "not sent: the mail server did not answer within 1 second"
    }


def test_a_server_that_never_answers_times_out() -> None:
    with silent_server() as url:
        outcomes = smtp(url, timeout=1).deliver(messages("a@example.org"))
    assert outcomes[0].reason == "not sent: the mail server did not answer within 1 second"


def test_a_closed_port_is_named() -> None:
    with silent_server() as url:
        closed = url  # the listener is gone once the block ends
    outcomes = smtp(closed).deliver(messages("a@example.org"))
    assert "refused the connection" in outcomes[0].reason


def test_a_batch_stops_when_its_time_is_up(mail_server: MailCatcher) -> None:
    ticks = iter([0.0, 0.0, 5.0, 30.0, 30.0])
    mailer = smtp(mail_server.url, batch_seconds=20, clock=lambda: next(ticks))
    outcomes = mailer.deliver(messages("a@example.org", "b@example.org", "c@example.org"))
    assert [o.is_sent for o in outcomes] == [True, True, False]
    assert outcomes[2].reason == OUT_OF_TIME
    assert mail_server.to() == ["a@example.org", "b@example.org"]


def test_development_prints_to_the_console_and_sends_nothing() -> None:
    stream = io.StringIO()
    outcomes = ConsoleMailer(SENDER, stream).deliver(messages("a@example.org"))
    assert outcomes[0].is_sent
    printed = stream.getvalue()
    assert "To: a@example.org" in printed and "https://s.example/i/TOKEN0" in printed
    assert "printed here, not sent" in printed


def test_production_without_smtp_refuses_with_what_to_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mailer = mailer_from_config({"MAIL_FROM": SENDER, "SMTP_URL": None, "ENV": "production"})
    assert isinstance(mailer, NoMailer) and not mailer.can_send
    with pytest.raises(MailUnavailable, match="SURVEYAPP_SMTP_URL"):
        mailer.deliver(messages("a@example.org"))
    development = mailer_from_config({"MAIL_FROM": SENDER, "SMTP_URL": None, "ENV": "development"})
    assert isinstance(development, ConsoleMailer)
    configured = {"MAIL_FROM": SENDER, "SMTP_URL": "smtp://localhost", "SMTP_TIMEOUT_SECONDS": 5}
    assert isinstance(mailer_from_config({**configured, "ENV": "production"}), SmtpMailer)
