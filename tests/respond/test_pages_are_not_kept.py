"""Respondent pages carry answers in hidden fields: none may be kept by a shared PC's browser.

Every response on the respondent's side (entry redirects, start, questions, check, done, and
every problem page) says ``Cache-Control: no-store`` (and ``no-transform``: a proxy that
compressed them would undo their padding to one size); it is recorded for every request the
journey makes, so a page added later is covered too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, Response, request, request_finished

from surveyapp.domain.tokens import new_token
from tests.factories import wave_with_invitations, wave_with_team_link

from .conftest import FULL_ANSWERS, LAST, ONE_ANSWER, Respondent, csrf_of


@pytest.fixture
def seen(app: Flask) -> Iterator[list[tuple[str, int, str | None]]]:
    """(path, status, Cache-Control) of every response the app sends during the test."""
    record: list[tuple[str, int, str | None]] = []

    def note(_sender: Flask, response: Response, **_extra: object) -> None:
        record.append((request.path, response.status_code, response.headers.get("Cache-Control")))

    with request_finished.connected_to(note, app):
        yield record


def test_every_respondent_page_says_no_store(
    app: Flask, seen: list[tuple[str, int, str | None]]
) -> None:
    _wave, tokens = wave_with_invitations(app)
    _link_wave, team_token = wave_with_team_link(app)
    client = app.test_client()
    csrf = csrf_of(client.get("/code").get_data(as_text=True))
    client.post("/code", data={"csrf_token": csrf, "code": "nonsense"})
    client.post("/code", data={"csrf_token": csrf, "code": new_token()})
    client.post("/code", data={"csrf_token": "forged", "code": tokens[2]})
    client.get("/i/short")
    client.get("/survey")
    client.post("/survey", data={"action": "next"})

    respondent = Respondent(app.test_client())
    respondent.enter(f"/i/{tokens[0]}")
    cookie = respondent.client.get_cookie("session")
    assert cookie is not None
    respondent.post(page="1", action="next", morale_valued_v1="9")
    respondent.answer_all(FULL_ANSWERS)
    respondent.post(page=LAST, action="next", comment_keep_v1="x" * (300 * 1024))
    respondent.submit(FULL_ANSWERS)
    replayed = app.test_client()
    replayed.set_cookie("session", cookie.value)
    replayed.post("/survey", data={"csrf_token": respondent.csrf, "action": "submit"})
    app.test_client().get(f"/i/{tokens[0]}")

    team = Respondent(app.test_client())
    team.enter(f"/t/{team_token}")
    team.submit(ONE_ANSWER)
    team.client.get(f"/t/{team_token}")

    statuses = {status for _path, status, _cache in seen}
    assert {200, 303, 400, 403, 404, 409, 410, 413} <= statuses, statuses
    kept = [(path, status) for path, status, cache in seen if cache != "no-store, no-transform"]
    assert not kept, f"respondent responses a browser may keep: {kept}"
