"""Invitations by email, against a real SMTP server, on SQLite and PostgreSQL: each address gets
its own link; a refused or timed-out message leaves no invitation behind; a retry sends to the
failed addresses only; and no address or token is kept anywhere afterwards."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from surveyapp.database import own_transaction, session_scope
from surveyapp.domain.address_list import ListedAddress, parse_address_list
from surveyapp.domain.tokens import token_hash
from surveyapp.models import AuditEntry, Invitation, Wave
from surveyapp.runtime import runtime
from surveyapp.services.invitation_mail import EmailReport, EmailRequest, email_invitations
from surveyapp.services.invitations import InvitationError
from surveyapp.services.mailer import Mailer, MailUnavailable, NoMailer
from surveyapp.services.reminders import kept_list
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.factories import open_test_wave
from tests.support.leaks import assert_kept_nowhere
from tests.support.sealed import TEST_CIPHER
from tests.support.smtp import MailCatcher, text_of

ADDRESSES = ["sam.jones@example.org", "lee.smith@example.org", "kim.patel@example.org"]
LINK = re.compile(r"^http://127\.0\.0\.1:5000/i/([A-Z2-7]{26})$", re.M)


@pytest.fixture
def wave_and_unit(mailing_app: Flask) -> Iterator[tuple[int, int]]:
    with mailing_app.app_context(), session_scope(mailing_app) as session:
        wave = open_test_wave(session, mailing_app)
        team = unit_by_key(session, "team-a")
        assert team is not None
        ids = (wave.id, team.id)
    with mailing_app.app_context():
        yield ids


def send(
    app: Flask,
    ids: tuple[int, int],
    addresses: list[str],
    keep_for_reminders: bool = False,
    mailer: Mailer | None = None,
) -> EmailReport:
    listed = parse_address_list("\n".join(addresses)).addresses
    request = EmailRequest(ids[0], ids[1], listed, "admin@example.org", keep_for_reminders)
    running = runtime(app)
    return email_invitations(
        lambda: own_transaction(app),
        mailer or running.mailer,
        request,
        app.config["TOKEN_PEPPER"],
        app.config["PUBLIC_URL"],
        running.address_cipher,
    )


def invitations_of(app: Flask, ids: tuple[int, int]) -> set[str]:
    with session_scope(app) as session:
        rows = session.scalars(
            select(Invitation.token_hash).where(
                Invitation.wave_id == ids[0], Invitation.unit_id == ids[1]
            )
        )
        return set(rows)


def tokens_received(server: MailCatcher) -> dict[str, str]:
    return {str(m["To"]): LINK.findall(text_of(m))[0] for m in server.messages()}


def test_each_address_gets_its_own_link_and_nothing_is_kept(
    mailing_app: Flask,
    wave_and_unit: tuple[int, int],
    mail_server: MailCatcher,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    report = send(mailing_app, wave_and_unit, ADDRESSES)
    assert [s.address for s in report.sent] == ADDRESSES and report.not_sent == ()
    received = tokens_received(mail_server)
    assert sorted(received) == sorted(ADDRESSES)
    assert len(set(received.values())) == 3
    pepper = mailing_app.config["TOKEN_PEPPER"]
    assert invitations_of(mailing_app, wave_and_unit) == {
        token_hash(pepper, t) for t in received.values()
    }
    logs = caplog.text + "".join(capsys.readouterr())
    assert_kept_nowhere(mailing_app, [*ADDRESSES, *received.values()], logs)
    with session_scope(mailing_app) as session:
        trail = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence)).all()
        details = [(e.action, e.wave_id, e.unit_id, e.detail) for e in trail]
    wave_id, unit_id = wave_and_unit
    assert details[-2:] == [
        ("invitations.email_issued", wave_id, unit_id, "3 invitations issued to send by email"),
        ("invitations.emailed", wave_id, unit_id, "3 sent, 0 not sent (0 withdrawn)"),
    ]


def test_a_refused_address_is_withdrawn_and_a_retry_sends_to_it_alone(
    mailing_app: Flask,
    wave_and_unit: tuple[int, int],
    mail_server: MailCatcher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    mail_server.refuse = {"lee.smith@example.org"}
    report = send(mailing_app, wave_and_unit, ADDRESSES)
    assert [s.address for s in report.sent] == ["sam.jones@example.org", "kim.patel@example.org"]
    assert [(n.listed.line, n.listed.address) for n in report.not_sent] == [
        (2, "lee.smith@example.org")
    ]
    assert "550" in report.not_sent[0].reason
    assert len(invitations_of(mailing_app, wave_and_unit)) == 2

    mail_server.refuse = set()
    retry = send(mailing_app, wave_and_unit, [n.listed.address for n in report.not_sent])
    assert [s.address for s in retry.sent] == ["lee.smith@example.org"]
    assert mail_server.to() == [*report_addresses(report), "lee.smith@example.org"]
    received = tokens_received(mail_server)
    assert len(invitations_of(mailing_app, wave_and_unit)) == 3
    assert_kept_nowhere(mailing_app, [*ADDRESSES, *received.values()], caplog.text)


def report_addresses(report: EmailReport) -> list[str]:
    return [listed.address for listed in report.sent]


def test_a_server_that_times_out_leaves_no_invitation_and_says_why(
    mailing_app: Flask, wave_and_unit: tuple[int, int], mail_server: MailCatcher
) -> None:
    mail_server.hang_on_data = 3  # longer than the app's 2-second timeout
    report = send(mailing_app, wave_and_unit, ADDRESSES)
    assert report.sent == ()
    assert {n.reason for n in report.not_sent} == {
        "not sent: the mail server did not answer within 2 seconds"
    }
    assert invitations_of(mailing_app, wave_and_unit) == set()


def test_nothing_is_issued_when_mail_cannot_be_sent_or_the_wave_is_closed(
    mailing_app: Flask, wave_and_unit: tuple[int, int]
) -> None:
    with pytest.raises(MailUnavailable, match="SURVEYAPP_SMTP_URL"):
        send(mailing_app, wave_and_unit, ADDRESSES, mailer=NoMailer("x@example.org"))
    with session_scope(mailing_app) as session:
        wave = session.get(Wave, wave_and_unit[0])
        assert wave is not None
        close_wave(session, wave, wave.opens_on, TEST_CIPHER)  # type: ignore[arg-type]
    with pytest.raises(InvitationError, match="closed"):
        send(mailing_app, wave_and_unit, ADDRESSES)
    with session_scope(mailing_app) as session:
        assert session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_sent_addresses_can_be_kept_sealed_for_reminders(
    mailing_app: Flask, wave_and_unit: tuple[int, int], mail_server: MailCatcher
) -> None:
    mail_server.refuse = {"kim.patel@example.org"}
    report = send(mailing_app, wave_and_unit, ADDRESSES, keep_for_reminders=True)
    assert report.kept_for_reminders == 2
    mail_server.refuse = set()
    retry = send(mailing_app, wave_and_unit, ["kim.patel@example.org"], keep_for_reminders=True)
    assert retry.kept_for_reminders == 3
    with session_scope(mailing_app) as session:
        kept = kept_list(session, *wave_and_unit)
        assert kept is not None and kept.address_count == 3
        opened = runtime(mailing_app).address_cipher.open(kept.sealed, *wave_and_unit)
    assert sorted(opened) == sorted(ADDRESSES)
    assert_kept_nowhere(mailing_app, ADDRESSES)


def test_listed_addresses_keep_their_line_numbers() -> None:
    listed = parse_address_list("\n\nsam@example.org").addresses
    assert listed == (ListedAddress(3, "sam@example.org"),)
