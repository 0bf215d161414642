"""The survey in Welsh: chosen by the browser's language or the link, kept for the visit, and
never kept with the answers, in the store or in a log."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.banks import bank_of
from surveyapp.logs import redact
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan
from surveyapp.services.waves import close_wave
from tests.conftest import app_on_copy
from tests.factories import wave_with_invitations
from tests.support.sealed import stored_comments, stored_responses

from .conftest import FULL_ANSWERS, PAGES, Respondent, all_stored_text, csrf_of

WELSH_BROWSER = "cy-GB,cy;q=0.9,en;q=0.5"
WELSH_ONLY = ("Cymraeg", "Rwy’n teimlo", "Dechrau nawr", "goruchwyliaeth", WELSH_BROWSER)
"""Words on a Welsh page and nowhere in English, and the Welsh browser's header."""


def _walk(respondent: Respondent, answers: dict[str, str]) -> str:
    assert respondent.post(page="0", action="next").status_code == 200
    for page in map(str, range(1, PAGES + 1)):
        response = respondent.post(page=page, action="next", **answers)
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_a_welsh_browser_gets_the_survey_in_welsh(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = WELSH_BROWSER
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")
    start = client.get("/survey").get_data(as_text=True)
    assert '<html lang="cy">' in start
    assert "Arolwg pwls gwaith cymdeithasol" in start and "Dechrau nawr" in start
    assert 'href="/survey?lang=en" hreflang="en" lang="en"' in start  # the link to English
    assert '<span aria-current="true">Cymraeg</span>' in start  # the current one is no link
    check = _walk(respondent, FULL_ANSWERS)
    assert "Gwiriwch eich atebion cyn eu hanfon" in check
    assert "Cytuno’n gryf" in check  # morale_team_support_v1 = 5, in Welsh
    done = respondent.submit(FULL_ANSWERS).get_data(as_text=True)
    assert "Mae eich atebion wedi’u hanfon" in done
    (response,) = stored_responses(app)
    assert response.answers["morale_valued_v1"] == 4  # a value, not the words it was given in
    assert response.answers["supervision_last_v1"] == "within_2_months"


def test_the_language_link_is_kept_for_the_visit(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    code_page = client.get("/code?lang=cy").get_data(as_text=True)
    assert "Rhowch eich cod arolwg" in code_page and '<html lang="cy">' in code_page
    assert "Rhowch eich cod arolwg" in client.get("/code").get_data(as_text=True)
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")  # entering clears the session, but not the language
    assert "Dechrau nawr" in client.get("/survey").get_data(as_text=True)
    assert "Start now" in client.get("/survey?lang=en").get_data(as_text=True)
    assert "Start now" in client.get("/survey").get_data(as_text=True)


def test_an_english_browser_gets_english_and_a_welsh_first_deployment_welsh(
    database_url: str, tmp_path: Path
) -> None:
    from tests.conftest import make_app

    english = make_app(database_url, tmp_path / "en")
    page = english.test_client().get("/").get_data(as_text=True)
    assert '<html lang="en-GB">' in page and "Answer the survey" in page
    welsh_first = make_app(database_url, tmp_path / "cy", LANGUAGES=("cy", "en"))
    page = welsh_first.test_client().get("/").get_data(as_text=True)
    assert '<html lang="cy">' in page and "Ateb yr arolwg" in page
    for app in (english, welsh_first):
        get_engine(app).dispose()


def test_a_survey_page_changes_language_with_its_answers(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.post(page="0", action="next")
    answers = {"morale_valued_v1": "4", "workload_out_of_hours_v1": "most_weeks"}
    page = respondent.post(page="1", lang="cy", **answers).get_data(as_text=True)
    assert "Tudalen 1 o" in page and "Mae problem wedi codi" not in page  # the same page
    assert 'name="morale_valued_v1" type="radio" value="4" checked' in page
    assert 'name="workload_out_of_hours_v1" type="radio" value="most_weeks" checked' in page
    assert 'form="answers-form" type="submit" name="lang" value="en"' in page  # back to English
    page = respondent.post(page="1", action="next", **answers).get_data(as_text=True)
    assert "Tudalen 2 o" in page  # the journey goes on, in Welsh


def test_welsh_errors_are_in_welsh(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cy"
    respondent = Respondent(client)
    respondent.enter(f"/i/{tokens[0]}")
    page = respondent.post(page="1", action="next", morale_valued_v1="9").get_data(as_text=True)
    assert "Dewiswch ateb o 1 i 5" in page
    check = respondent.submit({}).get_data(as_text=True)
    assert "Atebwch o leiaf un o’r cwestiynau ar raddfa" in check
    csrf = csrf_of(client.get("/code").get_data(as_text=True))
    wrong = client.post("/code", data={"csrf_token": csrf, "code": "x"})
    assert "Rhowch y cod fel y mae wedi’i argraffu" in wrong.get_data(as_text=True)


def test_the_language_is_kept_nowhere(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A Welsh respondent's answers are stored exactly as an English one's, and neither the
    store nor any log line says which language they read in."""
    _wave, tokens = wave_with_invitations(app, count=2)
    caplog.set_level(logging.DEBUG)
    for token, browser in ((tokens[0], WELSH_BROWSER), (tokens[1], "en-GB")):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = browser
        respondent = Respondent(client)
        respondent.enter(f"/i/{token}?lang=cy")
        _walk(respondent, FULL_ANSWERS)
        respondent.post(page="1", lang="cy")
        assert respondent.submit(FULL_ANSWERS).status_code == 200
        client.delete_cookie("session")
    welsh, english = stored_responses(app)
    assert (welsh.answers, welsh.bands) == (english.answers, english.bands)
    assert sorted(c.text for c, _ in stored_comments(app)) == sorted(
        [FULL_ANSWERS["comment_keep_v1"], FULL_ANSWERS["comment_change_v1"]] * 2
    )
    stored = all_stored_text(app)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for marker in (*WELSH_ONLY, "lang=", "'cy'", '"cy"'):
        assert marker not in stored, marker
        assert marker not in logged, marker


def test_a_logged_request_loses_its_language() -> None:
    line = '"GET /survey?lang=cy HTTP/1.1" 200 -'
    assert redact(line) == '"GET /survey HTTP/1.1" 200 -'
    assert redact('"GET /insights?wave=3&lang=cy&unit=2 HTTP/1.1" 200') == (
        '"GET /insights?wave=3&unit=2 HTTP/1.1" 200'
    )


ANSWERED = [
    {**FULL_ANSWERS, "morale_valued_v1": str(1 + i % 5), "supervision_last_v1": last}
    for i, last in enumerate(
        ["within_1_week", "within_2_weeks", "never", "within_1_month", "over_3_months", "never"]
    )
]


def _plan_of(app: Flask, languages: list[str]) -> tuple[str, list[object]]:
    _wave, tokens = wave_with_invitations(app, count=len(languages))
    client = app.test_client()
    for token, language, answers in zip(tokens, languages, ANSWERED, strict=True):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        respondent = Respondent(client)
        respondent.enter(f"/i/{token}")
        _walk(respondent, answers)
        assert respondent.submit(answers).status_code == 200
        client.delete_cookie("session")
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, _wave)
        assert wave is not None
        built = runtime(app)
        close_wave(session, wave, dt.date.today(), built.answer_cipher)
        plan = current_plan(session, wave, bank_of(built.banks, wave), built.plan_settings)
        return plan.digest(), sorted(map(repr, plan.cells()))


def test_a_wave_answered_half_in_welsh_has_the_plan_of_one_in_english(
    sqlite_template: Path, tmp_path: Path
) -> None:
    (tmp_path / "mixed").mkdir()
    (tmp_path / "english").mkdir()
    mixed = app_on_copy(sqlite_template, tmp_path / "mixed")
    english = app_on_copy(sqlite_template, tmp_path / "english")
    mixed_plan = _plan_of(mixed, ["cy", "en", "cy", "en", "cy", "en"])
    english_plan = _plan_of(english, ["en"] * 6)
    assert mixed_plan == english_plan
    published = [cell for cell in english_plan[1] if "n=6" in str(cell)]
    assert published  # team-a's six answers are published, the same in both
    for app in (mixed, english):
        get_engine(app).dispose()
