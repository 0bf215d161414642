"""Fifty browsers submitting with one token at the same moment store exactly one response."""

from __future__ import annotations

import threading
import time

from flask import Flask

from surveyapp.database import get_engine
from surveyapp.domain.tokens import new_token
from tests.factories import wave_with_invitations

from .conftest import FULL_ANSWERS, Respondent, counts, csrf_of

CONCURRENT = 50


def test_fifty_concurrent_submissions_with_one_token_store_one(app: Flask) -> None:
    _wave, tokens = wave_with_invitations(app, count=1)
    first = Respondent(app.test_client())
    first.enter(f"/i/{tokens[0]}")
    cookie = first.client.get_cookie("session")
    assert cookie is not None
    barrier = threading.Barrier(CONCURRENT)
    statuses: list[int] = []

    def submit() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        barrier.wait()
        response = client.post(
            "/survey",
            data={"csrf_token": first.csrf, "action": "submit", "page": "0", **FULL_ANSWERS},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [200] + [410] * (CONCURRENT - 1)
    assert counts(app) == (1, 18, 2)


def test_a_wrong_code_is_checked_while_a_submission_is_being_written(sqlite_app: Flask) -> None:
    """Checking a code only reads: on SQLite a wrong one must not queue for the write lock
    behind respondents who are submitting. (PostgreSQL readers never wait for writers.) A good
    code records a one-time entry, so it waits its turn for the lock, then gets in."""
    _wave, tokens = wave_with_invitations(sqlite_app, count=1)
    wrong, good = sqlite_app.test_client(), sqlite_app.test_client()
    wrong_csrf = csrf_of(wrong.get("/code").get_data(as_text=True))
    good_csrf = csrf_of(good.get("/code").get_data(as_text=True))
    statuses: list[int] = []

    def enter_with_the_good_code() -> None:
        response = good.post("/code", data={"csrf_token": good_csrf, "code": tokens[0]})
        statuses.append(response.status_code)

    queued = threading.Thread(target=enter_with_the_good_code)
    with get_engine(sqlite_app).begin() as writer:  # this BEGIN takes the write lock
        writer.exec_driver_sql("SELECT 1")
        started = time.monotonic()
        response = wrong.post("/code", data={"csrf_token": wrong_csrf, "code": new_token()})
        waited = time.monotonic() - started
        queued.start()
    queued.join(timeout=60)
    assert response.status_code == 404
    assert waited < 5
    assert statuses == [303]
