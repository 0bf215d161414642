"""Fifty browsers submitting with one token at the same moment store exactly one response."""

from __future__ import annotations

import threading
import time

from flask import Flask

from surveyapp.database import get_engine
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


def test_a_typed_code_is_checked_while_a_submission_is_being_written(sqlite_app: Flask) -> None:
    """Checking a code only reads: on SQLite it must not queue for the write lock behind
    respondents who are submitting. (PostgreSQL readers never wait for writers.)"""
    _wave, tokens = wave_with_invitations(sqlite_app, count=1)
    client = sqlite_app.test_client()
    csrf = csrf_of(client.get("/code").get_data(as_text=True))
    with get_engine(sqlite_app).begin() as writer:  # this BEGIN takes the write lock
        writer.exec_driver_sql("SELECT 1")
        started = time.monotonic()
        response = client.post("/code", data={"csrf_token": csrf, "code": tokens[0]})
        waited = time.monotonic() - started
    assert response.status_code == 303
    assert waited < 5
