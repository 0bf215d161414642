"""Each step of the journey sends the database only the statements it needs.

Under load the server's cores are shared between the app and the database, so every statement
costs twice (and on PostgreSQL a round trip): a code's row comes with its wave and the unit's
counts, a page's wave with the staff page it shows, and a submission writes its one record.
A change that adds a statement to a step fails here first; raise the budget only knowingly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from surveyapp.database import get_engine
from tests.factories import wave_with_invitations

from .conftest import FULL_ANSWERS, csrf_of

BUDGET = {"GET /code": 0, "POST /code": 2, "GET /survey": 1, "POST /survey": 5}
"""Statements per step, transaction control (BEGIN, COMMIT) and the rate limits' counters
(``database/rate_limits.py``, in the database on PostgreSQL) aside. The submission's five: its
wave with the staff page and the layout, the nonce spent, the invitation burned, the response
and its comments."""
NOT_COUNTED = ("BEGIN", "COMMIT", "ROLLBACK", "INSERT INTO rate_limit_window")


@contextmanager
def statements_sent(app: Flask) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith(NOT_COUNTED):
            sent.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def journey(app: Flask, client: FlaskClient, code: str) -> dict[str, list[str]]:
    steps: dict[str, list[str]] = {}
    with statements_sent(app) as sent:
        page = client.get("/code").get_data(as_text=True)
        steps["GET /code"], sent[:] = sent[:], []
        entered = client.post("/code", data={"csrf_token": csrf_of(page), "code": code})
        assert entered.status_code == 303
        steps["POST /code"], sent[:] = sent[:], []
        start = client.get("/survey").get_data(as_text=True)
        steps["GET /survey"], sent[:] = sent[:], []
        data = {"csrf_token": csrf_of(start), "page": "0", "action": "submit", **FULL_ANSWERS}
        done = client.post("/survey", data=data)
        assert done.status_code == 200 and "Thank you" in done.get_data(as_text=True)
        steps["POST /survey"] = sent[:]
    return steps


def test_each_step_of_the_journey_sends_no_more_statements_than_it_needs(app: Flask) -> None:
    _wave, tokens = wave_with_invitations(app, count=2)
    journey(app, app.test_client(), tokens[0])  # the wave's first response also stores its layout
    steps = journey(app, app.test_client(), tokens[1])
    over = {step: sent for step, sent in steps.items() if len(sent) > BUDGET[step]}
    assert over == {}, "\n".join(f"{k}: {s[:90]}" for k, v in over.items() for s in v)
