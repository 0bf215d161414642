"""Email invitations through the pages, to a real SMTP server on loopback: counts, failures
with the server's reason, malformed lines by number, a retry for the failed ones only, and no
address or token kept in the database (bytes, or pg_dump), the audit trail or the logs."""

from __future__ import annotations

import dataclasses
import io
import logging
import re

import pytest
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.models import Invitation, InvitationIssuer
from surveyapp.runtime import EXTENSION, runtime
from surveyapp.services.mailer import NoMailer
from tests.support.leaks import assert_kept_nowhere
from tests.support.smtp import text_of

from .conftest import Desk

GOOD = ["sam.jones@example.org", "lee.smith@example.org", "kim.patel@example.org"]
LINK = re.compile(r"/i/([A-Z2-7]{26})$", re.M)


def invitations(desk: Desk) -> int:
    with session_scope(desk.app) as session:
        return session.scalar(select(func.count()).select_from(Invitation)) or 0


def tokens_sent(desk: Desk) -> list[str]:
    return [LINK.findall(text_of(m))[0] for m in desk.mail.messages()]


def send(desk: Desk, text: str, **extra: object):  # type: ignore[no-untyped-def]
    url = desk.unit_url("team-a", "/email")
    return desk.post(url, {"addresses": text, **extra}, page=url)


def test_each_good_address_is_sent_its_link_and_the_rest_reported_by_line(
    desk: Desk, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    desk.mail.refuse = {"lee.smith@example.org"}
    response = send(desk, f"{GOOD[0]}\nnot-an-address\n{GOOD[1]}\n{GOOD[2]}\n{GOOD[0]}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>2</strong> invitations were sent to Team A" in page
    assert "<strong>1</strong> could not be sent" in page
    assert re.search(
        r">3</td><th scope=\"row\" class=\"address\">lee\.smith@example\.org</th>"
        r"<td>refused by the mail server: 550 5\.1\.1 No such mailbox here",
        page,
    )
    assert re.search(r">2</td><th[^>]*>not-an-address</th><td>is not an email address", page)
    assert re.search(r">5</td><th[^>]*>sam\.jones@example\.org</th><td>repeats line 1", page)
    retry = re.search(r'name="addresses" type="hidden" value="([^"]*)"', page)
    assert retry and retry.group(1) == "lee.smith@example.org"
    assert sorted(desk.mail.to()) == sorted([GOOD[0], GOOD[2]])
    assert invitations(desk) == 2
    logs = caplog.text + "".join(capsys.readouterr())
    assert_kept_nowhere(desk.app, [*GOOD, "not-an-address", *tokens_sent(desk)], logs)


def test_the_retry_sends_to_the_failed_addresses_only(desk: Desk) -> None:
    desk.mail.refuse = {"kim.patel@example.org"}
    first = send(desk, "\n".join(GOOD)).get_data(as_text=True)
    assert "<strong>2</strong> invitations were sent" in first
    desk.mail.refuse = set()
    retry = send(desk, "kim.patel@example.org", keep_for_reminders="")
    assert "<strong>1</strong> invitation was sent" in retry.get_data(as_text=True)
    assert desk.mail.to() == [GOOD[0], GOOD[1], GOOD[2]]
    assert invitations(desk) == 3
    assert_kept_nowhere(desk.app, [*GOOD, *tokens_sent(desk)])


def test_a_server_that_times_out_is_named_and_nothing_is_left_issued(desk: Desk) -> None:
    desk.mail.hang_on_data = 3
    page = send(desk, "\n".join(GOOD)).get_data(as_text=True)
    assert "<strong>0</strong> invitations were sent" in page
    assert page.count("the mail server did not answer within 2 seconds") == 3
    assert "Send again to these 3 addresses" in page
    assert invitations(desk) == 0


def test_an_uploaded_file_and_a_list_for_reminders(desk: Desk) -> None:
    url = desk.unit_url("team-a", "/email")
    upload = (
        io.BytesIO("\ufeffemail\nsam.jones@example.org\nlee.smith@example.org\n".encode()),
        "team.csv",
    )
    response = desk.client.post(
        url,
        data={"csrf_token": desk.csrf(url), "upload": upload, "keep_for_reminders": "y"},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "<strong>2</strong> invitations were sent" in page
    assert "2 addresses are kept, encrypted, for reminders" in page
    reminders = desk.client.get(desk.unit_url("team-a", "/reminders")).get_data(as_text=True)
    assert "2 addresses are kept for Team A" in reminders
    assert "sam.jones" not in reminders
    assert_kept_nowhere(desk.app, ["sam.jones@example.org", "lee.smith@example.org"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter at least one email address, or upload a file of them"),
        ("nobody\nnowhere", "No email addresses found: line 1 is not an email address"),
        ("\n".join(f"p{i}@example.org" for i in range(201)), "Enter at most 200 addresses"),
    ],
)
def test_nothing_to_send_is_refused_with_what_was_typed(
    desk: Desk, text: str, message: str
) -> None:
    response = send(desk, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert text.split("\n")[0] in page
    assert invitations(desk) == 0 and desk.mail.to() == []


def test_a_file_that_is_not_text_is_refused(desk: Desk) -> None:
    url = desk.unit_url("team-a", "/email")
    response = desk.client.post(
        url,
        data={"csrf_token": desk.csrf(url), "upload": (io.BytesIO(b"\xff\xfe\x00bad"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "The file must be plain text (UTF-8)" in response.get_data(as_text=True)


def test_without_a_mail_server_the_page_says_what_to_set_and_issues_nothing(desk: Desk) -> None:
    running = runtime(desk.app)
    desk.app.extensions[EXTENSION] = dataclasses.replace(
        running, mailer=NoMailer("survey@example.org")
    )
    page = desk.client.get(desk.unit_url("team-a", "/email")).get_data(as_text=True)
    assert "SURVEYAPP_SMTP_URL" in page and "Send invitations" not in page
    response = send(desk, GOOD[0])
    assert response.status_code == 400 and "SURVEYAPP_SMTP_URL" in response.get_data(as_text=True)
    assert invitations(desk) == 0


def test_emailing_beyond_the_headcount_is_refused_and_nothing_sent(desk: Desk) -> None:
    team = "\n".join(f"person{n}@example.org" for n in range(9))  # Team A's headcount is 8
    response = send(desk, team)
    assert response.status_code == 400
    assert "needs another admin&#39;s approval" in response.get_data(as_text=True)
    assert invitations(desk) == 0 and desk.mail.messages() == []
    assert send(desk, GOOD[0]).status_code == 200
    with session_scope(desk.app) as session:
        kept = session.scalars(select(InvitationIssuer.unit_id)).all()
    assert kept == [desk.unit_ids["team-a"]], "the sender is kept as the unit's issuer"
