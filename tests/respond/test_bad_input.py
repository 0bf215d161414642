"""Every kind of bad input gets the right status and a clear page, and stores nothing."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from surveyapp.database import session_scope
from surveyapp.models import Wave, WaveState
from tests.factories import wave_with_invitations

from .conftest import FULL_ANSWERS, ONE_ANSWER, PAGES, Respondent, counts, csrf_of


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("morale_valued_v1", "9", "Choose an answer from 1 to 5"),
        ("recommend_workplace_v1", "-1", "Choose an answer from 0 to 10"),
        ("supervision_last_v1", "last_tuesday", "Choose one of the options"),
        ("comment_change_v1", "x" * 1001, "Comment must be 1000 characters or fewer"),
    ],
)
def test_invalid_answers_are_refused_at_submit(
    app: Flask, respondent: Respondent, field: str, value: str, message: str
) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    response = respondent.submit({**FULL_ANSWERS, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)
    assert respondent.submit(FULL_ANSWERS).status_code == 200, "the invitation was not burned"


def test_invalid_answer_on_a_page_shows_the_error_there(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    response = respondent.post(page="1", action="next", morale_valued_v1="7")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#morale_valued_v1-field"' in page
    assert f"<title>Error: Page 1 of {PAGES}" in page


def test_unknown_question_keys_are_refused(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    response = respondent.submit({**FULL_ANSWERS, "favourite_manager": "Sam"})
    assert response.status_code == 400
    assert "is not a question in this survey" in response.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)


def test_missing_csrf_token_stores_nothing(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.csrf = ""
    response = respondent.submit(FULL_ANSWERS)
    assert response.status_code == 400
    assert "Your answers were not sent" in response.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)


def test_reused_token_is_refused(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    first = Respondent(client)
    first.enter(f"/i/{tokens[0]}")
    assert first.submit(FULL_ANSWERS).status_code == 200
    again = app.test_client().get(f"/i/{tokens[0]}")
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    assert counts(app)[0] == 1


def test_a_second_tab_cannot_submit_twice(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    csrf = respondent.csrf
    other_tab = app.test_client()
    other_tab.set_cookie("session", respondent.client.get_cookie("session").value)  # type: ignore[union-attr]
    assert respondent.submit(FULL_ANSWERS).status_code == 200
    response = other_tab.post(
        "/survey", data={"csrf_token": csrf, "action": "submit", "page": "0", **ONE_ANSWER}
    )
    assert response.status_code == 410
    assert counts(app)[0] == 1


@pytest.mark.parametrize(
    ("state", "status", "text"),
    [(WaveState.CLOSED, 410, "This survey has closed"), (WaveState.DRAFT, 403, "not open yet")],
)
def test_closed_or_unopened_wave(
    app: Flask, client: FlaskClient, state: WaveState, status: int, text: str
) -> None:
    wave_id, tokens = wave_with_invitations(app)
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")
    with app.app_context(), session_scope(app) as session:
        session.execute(update(Wave).where(Wave.id == wave_id).values(state=state))
    response = respondent.submit(FULL_ANSWERS)
    assert response.status_code == status and text in response.get_data(as_text=True)
    entry = app.test_client().get(f"/i/{tokens[1]}")
    assert entry.status_code == status
    assert counts(app) == (0, 0, 0)


@pytest.mark.parametrize("code", ["", "ABC", "not a code at all"])
def test_mistyped_code_explains_the_format(app: Flask, client: FlaskClient, code: str) -> None:
    csrf = csrf_of(client.get("/code").get_data(as_text=True))
    response = client.post("/code", data={"csrf_token": csrf, "code": code})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "<title>Error:" in page


def test_unknown_code_and_link(app: Flask, client: FlaskClient) -> None:
    wave_with_invitations(app)
    assert client.get("/i/" + "A" * 26).status_code == 404
    assert client.get("/i/short").status_code == 404
    assert client.get("/t/" + "B" * 26).status_code == 404


def test_survey_without_an_entry(client: FlaskClient) -> None:
    assert client.get("/survey").status_code == 403
    # without the form's token, the token check refuses first
    response = client.post("/survey", data={"action": "submit"})
    assert response.status_code == 400
    assert "Your answers were not sent" in response.get_data(as_text=True)


def test_survey_posted_with_a_token_but_no_entry(client: FlaskClient) -> None:
    csrf = csrf_of(client.get("/code").get_data(as_text=True))
    response = client.post("/survey", data={"action": "submit", "csrf_token": csrf})
    assert response.status_code == 403
    assert "No survey in progress" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("-10", "next"),
        ("-10", "back"),
        ("-1", "next"),
        ("4", "next"),
        ("99999999999999999999", "next"),
        ("-99999999999999999999", "back"),
        ("9" * 5000, "next"),
        ("", "back"),
        ("two", "next"),
        (" 2 ", "next"),
        ("0", "change-999"),
        ("0", "change--5"),
        ("0", "change-99999999999999999999"),
        ("1", "change-" + "9" * 5000),
        ("3", "back-7"),
    ],
)
def test_any_page_or_action_gives_a_page(
    app: Flask, respondent: Respondent, page: str, action: str
) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    response = respondent.post(page=page, action=action, morale_valued_v1="4")
    assert response.status_code in {200, 400}, response.status_code
    body = response.get_data(as_text=True)
    assert "Page " in body or "Check your answers" in body
    carried = respondent.carried(body)
    on_page_1 = 'name="morale_valued_v1" type="radio" value="4" checked' in body
    assert on_page_1 or carried.get("morale_valued_v1") == "4"  # the answer travels on
