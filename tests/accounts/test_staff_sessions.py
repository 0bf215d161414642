"""Staff sessions end on the server: sign-out, idle timeout, absolute lifetime (D6).

Time is the app's clock (``app.extensions[CLOCK]``), moved by the tests: no sleeping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from surveyapp.accounts.signed_in import CLOCK, SESSION_KEY
from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import StaffSession
from tests.conftest import make_app

from .support import add_account, post_with_csrf, sign_in

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, app: Flask) -> None:
        self.now = START
        app.extensions[CLOCK] = lambda: self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app)


def signed_in_client(app: Flask, email: str = "analyst@example.org") -> FlaskClient:
    add_account(app, email, Role.ANALYST)
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def records(app: Flask) -> list[StaffSession]:
    with app.app_context(), session_scope(app) as session:
        found = list(session.scalars(select(StaffSession)))
        session.expunge_all()
        return found


def last_seen(app: Flask) -> dt.datetime:
    (record,) = records(app)
    moment = record.last_seen_at
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app: Flask) -> None:
    client = signed_in_client(app)
    copied = client.get_cookie("session")
    assert copied is not None
    assert client.get("/api/v1/waves").status_code == 200
    assert post_with_csrf(client, "/sign-out").status_code == 303

    thief = app.test_client()
    thief.set_cookie("session", copied.value)
    page = thief.get("/account")
    assert page.status_code == 302 and page.headers["Location"].startswith("/sign-in")
    api = thief.get("/api/v1/waves")
    assert api.status_code == 401 and api.json == {"error": "authentication required"}
    assert thief.get("/insights/").status_code == 302
    assert records(app) == []


def test_sign_out_everywhere_ends_the_other_browsers_session(app: Flask) -> None:
    laptop = signed_in_client(app)
    phone = app.test_client()
    sign_in(phone, "analyst@example.org")
    assert len(records(app)) == 2
    post_with_csrf(laptop, "/sign-out-everywhere")
    assert phone.get("/account").status_code == 302
    assert phone.get("/api/v1/waves").status_code == 401
    assert records(app) == []


def test_an_idle_session_expires(app: Flask, clock: Clock) -> None:
    client = signed_in_client(app)
    page = client.get("/account").get_data(as_text=True)
    assert "after 30 minutes without using the service, and 12 hours after signing in" in page
    for _ in range(4):  # two hours of use, a request every 29 minutes
        clock.advance(minutes=29)
        assert client.get("/account").status_code == 200
    clock.advance(minutes=30, seconds=30)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
    assert client.get("/api/v1/waves").status_code == 401


def test_the_idle_timeout_is_a_setting(sqlite_url: str, tmp_path: Path) -> None:
    app = make_app(sqlite_url, tmp_path, SESSION_IDLE_MINUTES=5)
    try:
        clock = Clock(app)
        client = signed_in_client(app)
        clock.advance(minutes=4)
        assert client.get("/account").status_code == 200
        clock.advance(minutes=6)
        assert client.get("/account").status_code == 302
    finally:
        get_engine(app).dispose()


def test_the_absolute_lifetime_ends_even_a_busy_session(app: Flask, clock: Clock) -> None:
    assert app.config["SESSION_MAX_HOURS"] == 12
    assert app.permanent_session_lifetime == dt.timedelta(hours=12)
    client = signed_in_client(app)
    while clock.now < START + dt.timedelta(hours=11, minutes=50):
        clock.advance(minutes=10)
        assert client.get("/account").status_code == 200
    clock.advance(minutes=11)
    assert client.get("/account").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute_and_never_by_respondent_pages(
    app: Flask, clock: Clock
) -> None:
    client = signed_in_client(app)
    assert last_seen(app) == START
    clock.advance(seconds=30)
    assert client.get("/account").status_code == 200
    assert last_seen(app) == START  # too soon to be worth a write
    clock.advance(seconds=40)
    assert client.get("/code").status_code == 200
    assert client.post("/survey", data={}).status_code in (400, 403)
    assert last_seen(app) == START  # respondent routes leave staff sessions alone
    assert client.get("/account").status_code == 200
    assert last_seen(app) == START + dt.timedelta(seconds=70)


def test_the_cookie_names_the_session_and_the_database_keeps_only_a_keyed_hash(
    app: Flask,
) -> None:
    client = signed_in_client(app)
    with client.session_transaction() as cookie:
        session_id = cookie[SESSION_KEY]
    (record,) = records(app)
    assert len(session_id) >= 40 and session_id not in record.id_hash
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is None  # gone when the browser closes


def test_timed_out_records_are_cleared_at_the_next_sign_in(app: Flask, clock: Clock) -> None:
    signed_in_client(app, "first@example.org")
    clock.advance(minutes=45)
    signed_in_client(app, "second@example.org")
    (left,) = records(app)
    assert left.created_at.replace(tzinfo=dt.UTC) == START + dt.timedelta(minutes=45)


def test_respondents_never_get_a_staff_session(app: Flask) -> None:
    client = app.test_client()
    for path in ("/", "/code", "/privacy", "/sign-in"):
        client.get(path)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count()).select_from(StaffSession)) == 0
