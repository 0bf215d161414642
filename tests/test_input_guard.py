"""A NUL character or bytes that are not UTF-8, in any field of any request, get a clear 400
naming the field; nothing is stored and nothing of it reaches the logs (D7)."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveyapp.domain.roles import Role
from tests.accounts.support import PASSWORD, add_account, csrf_token
from tests.factories import wave_with_invitations
from tests.respond.conftest import FULL_ANSWERS, Respondent, counts

TYPED = "typed-by-someone@example.org"
FORM = "application/x-www-form-urlencoded"


def assert_refused(response: TestResponse, field: str) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page[:500]
    assert "Part of what you sent could not be read" in page
    assert f"We could not read {field}:" in page
    assert "Nothing you sent has been saved" in page
    assert response.headers["Cache-Control"].split(", ")[0] == "no-store"


def assert_logs_are_clean(caplog: pytest.LogCaptureFixture, *typed: str) -> None:
    logged = caplog.text
    assert "Traceback" not in logged and "parameters" not in logged.lower()
    assert "\x00" not in logged
    for value in typed:
        assert value not in logged


@pytest.fixture
def analyst(app: Flask) -> str:
    add_account(app, "analyst@example.org", Role.ANALYST)
    return "analyst@example.org"


@pytest.mark.usefixtures("analyst")
def test_nul_in_the_sign_in_email(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    form = {"csrf_token": csrf_token(client), "email": f"{TYPED}\x00", "password": PASSWORD}
    assert_refused(client.post("/sign-in", data=form), "the “email” field")
    assert client.get("/account").status_code == 302
    assert_logs_are_clean(caplog, TYPED)


def test_nul_in_a_typed_code(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _wave, tokens = wave_with_invitations(app, 1)
    form = {"csrf_token": csrf_token(client, "/code"), "code": f"{tokens[0]}\x00"}
    assert_refused(client.post("/code", data=form), "the “code” field")
    assert client.get("/survey").status_code == 403  # no survey was entered
    assert_logs_are_clean(caplog, tokens[0])


def test_nul_in_survey_answers_stores_nothing_and_keeps_the_invitation(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _wave, tokens = wave_with_invitations(app, 1)
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.answer_all(FULL_ANSWERS)
    poisoned = {**FULL_ANSWERS, "comment_keep_v1": "Peer\x00 support, secretly typed."}
    assert_refused(respondent.submit(poisoned), "the “comment_keep_v1” field")
    assert counts(app) == (0, 0, 0)
    assert_logs_are_clean(caplog, "secretly typed")
    done = respondent.submit(FULL_ANSWERS)  # the same entry still works, with readable answers
    assert done.status_code == 200 and counts(app) == (1, 18, 2)


@pytest.mark.usefixtures("analyst")
@pytest.mark.parametrize("email", [b"\xff\xfe@example.org", b"%FF%FE%00@example.org"])
def test_bytes_that_are_not_utf8_in_a_form_body(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture, email: bytes
) -> None:
    caplog.set_level(logging.DEBUG)
    body = b"csrf_token=" + csrf_token(client).encode() + b"&email=" + email + b"&password=x"
    response = client.post("/sign-in", data=body, content_type=FORM)
    assert_refused(response, "the “email” field")
    assert "timed out" not in response.get_data(as_text=True)
    assert_logs_are_clean(caplog)


def test_bytes_that_are_not_utf8_in_a_query_string(app: Flask, client: FlaskClient) -> None:
    assert_refused(client.get("/sign-in?next=%FF%FE"), "“next” in the page address")
    raw = client.get("/code", environ_overrides={"QUERY_STRING": "q=\xc3"})  # WSGI's Latin-1
    assert_refused(raw, "“q” in the page address")
    assert_refused(client.get("/code?%00=1"), "a field name in the page address")


def test_nul_in_the_path(app: Flask, client: FlaskClient) -> None:
    assert_refused(client.get("/insights/waves/1/units/%00"), "the page address")


def test_the_api_answers_in_json(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/waves?unit=%00")
    assert response.status_code == 400 and response.is_json
    assert response.json == {
        "error": "“unit” in the page address could not be read:"
        " a NUL character or bytes that are not UTF-8"
    }


def test_multipart_fields_are_checked_too(app: Flask, client: FlaskClient) -> None:
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n'.encode()
        + b"\xffABCD\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/code", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert_refused(response, "the “code” field")


def test_readable_text_in_any_language_passes(app: Flask, client: FlaskClient) -> None:
    form = {"csrf_token": csrf_token(client, "/code"), "code": "Ceiliog ẞ 🙂 ‮"}
    response = client.post("/code", data=form)
    assert response.status_code == 400
    assert "Enter the code as it is printed" in response.get_data(as_text=True)
