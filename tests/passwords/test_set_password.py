"""The set-password link: its token leaves the address bar at once and reaches no log or
referrer; the password must be strong; the link works once, expires (the app's clock, moved),
is replaced by a newer one, and using it ends every session of the account."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.password_links import LIFETIME
from tests.accounts.support import sign_in
from tests.conftest import add_staff
from tests.staff.conftest import Office, csrf
from tests.support.leaks import assert_kept_nowhere
from tests.support.smtp import text_of
from tests.support.staff import sign_in_directly

LINK = re.compile(r"^http://127\.0\.0\.1:5000(/set-password/\S+)$", re.M)
EMAIL = "lee.smith@example.org"
GOOD = "plum ferry quietly 91 lanterns"


def emailed_link(office: Office) -> tuple[int, str]:
    """A colleague's account, sent a link from their staff page; (their id, the link's path)."""
    with session_scope(office.app) as session:
        user_id = add_staff(session, Role.ANALYST, "team-a", EMAIL).id
    page = f"/admin/staff/{user_id}"
    assert office.post(f"{page}/password-link", page=page).status_code == 303
    return user_id, latest_link(office)


def latest_link(office: Office) -> str:
    return LINK.findall(text_of(office.mail.messages()[-1]))[0]


def choose(client: FlaskClient, password: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    token = csrf(client, "/set-password")
    return client.post(
        "/set-password",
        data={"csrf_token": token, "password": password, "confirm": confirm or password},
    )


def test_the_link_sets_a_password_once_and_ends_every_session(
    office: Office, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user_id, path = emailed_link(office)
    signed_elsewhere = office.app.test_client()
    sign_in_directly(office.app, signed_elsewhere, user_id)

    browser = office.app.test_client()
    opened = browser.get(path)
    assert opened.status_code == 303 and opened.headers["Location"] == "/set-password"
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    form = browser.get("/set-password")
    assert form.status_code == 200 and EMAIL in form.get_data(as_text=True)
    done = choose(browser, GOOD)
    assert done.status_code == 303 and done.headers["Location"] == "/password-set"
    assert "Your password is set" in browser.get("/password-set").get_data(as_text=True)

    assert signed_elsewhere.get("/account").status_code == 302
    assert sign_in(office.app.test_client(), EMAIL, GOOD).status_code == 303
    again = office.app.test_client()
    again.get(path)
    assert again.get("/set-password").status_code == 410
    token = path.rsplit("/", 1)[1]
    assert_kept_nowhere(office.app, [token, GOOD], caplog.text)


def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(office: Office) -> None:
    _, path = emailed_link(office)
    browser = office.app.test_client()
    browser.get(path)
    cases = {
        "Your password must be at least 12 characters": ("short", None),
        "Your password is too easy to guess": ("lee.smith2026!", None),
        "The two passwords are not the same": (GOOD, GOOD + "x"),
        "Enter a new password": ("", None),
    }
    for message, (password, confirm) in cases.items():
        response = choose(browser, password, confirm)
        assert response.status_code == 400, message
        page = response.get_data(as_text=True)
        assert "There is a problem" in page and message in page, message
        assert GOOD not in page  # a password is never put back in the page
    assert choose(browser, GOOD).status_code == 303


def test_the_link_expires(office: Office) -> None:
    _, path = emailed_link(office)
    office.clock.now += LIFETIME + dt.timedelta(minutes=1)
    browser = office.app.test_client()
    browser.get(path)
    page = browser.get("/set-password")
    assert page.status_code == 410
    assert "This link no longer works" in page.get_data(as_text=True)


def test_a_link_expiring_while_the_form_is_open_sets_nothing(office: Office) -> None:
    _, path = emailed_link(office)
    browser = office.app.test_client()
    browser.get(path)
    token = csrf(browser, "/set-password")
    office.clock.now += LIFETIME
    response = browser.post(
        "/set-password", data={"csrf_token": token, "password": GOOD, "confirm": GOOD}
    )
    assert response.status_code == 410
    assert sign_in(office.app.test_client(), EMAIL, GOOD).status_code == 400


def test_a_newer_link_replaces_the_older(office: Office) -> None:
    user_id, older = emailed_link(office)
    page = f"/admin/staff/{user_id}"
    office.post(f"{page}/password-link", page=page)
    newer = latest_link(office)
    assert newer != older
    browser = office.app.test_client()
    browser.get(older)
    assert browser.get("/set-password").status_code == 410
    browser.get(newer)
    assert browser.get("/set-password").status_code == 200


def test_a_made_up_link_is_refused(office: Office) -> None:
    browser = office.app.test_client()
    browser.get("/set-password/not-a-real-token")
    assert browser.get("/set-password").status_code == 410
    assert browser.get("/set-password").status_code == 410  # nothing carried in the session
