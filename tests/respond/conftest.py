from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.banks import bank_of, load_banks
from surveyapp.domain.carried_seal import CarriedSeal
from surveyapp.models import Wave
from surveyapp.paths import SURVEYS
from surveyapp.respond.journey import pages
from surveyapp.runtime import runtime
from tests.support.sealed import stored_comments, stored_responses

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SEALED = re.compile(r'<input type="hidden" name="answers" value="([^"]*)">')
PAGES = len(pages(load_banks(SURVEYS)["social-work-pulse"]))
LAST = str(PAGES)
"""The default bank's number of pages, and its last page (which asks for comments)."""

FULL_ANSWERS = {
    "morale_valued_v1": "4",
    "morale_drained_v1": "2",
    "morale_team_support_v1": "5",
    "workload_caseload_v1": "3",
    "workload_direct_time_v1": "2",
    "workload_out_of_hours_v1": "most_weeks",
    "supervision_last_v1": "within_2_months",
    "supervision_cancelled_v1": "once",
    "supervision_reflective_v1": "2",
    "supervision_challenge_v1": "3",
    "supervision_actions_v1": "1",
    "supervision_record_v1": "4",
    "trust_speak_up_v1": "2",
    "trust_fair_decisions_v1": "3",
    "trust_survey_action_v1": "2",
    "retention_stay_year_v1": "4",
    "retention_looking_v1": "2",
    "recommend_workplace_v1": "7",
    "role": "social_worker",
    "length_of_service": "one_to_five_years",
    "comment_keep_v1": "Peer support.",
    "comment_change_v1": "Protected time for supervision.",
}

ONE_ANSWER = {"morale_valued_v1": "4"}
"""The least a response may hold: one scored answer (an empty response is refused)."""


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Respondent:
    """Drives the journey through the test client, as a browser without JavaScript would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.csrf = ""

    def enter(self, path: str) -> None:
        response = self.client.get(path)
        assert response.status_code == 303, response.status_code
        assert response.headers["Location"] == "/survey"
        start = self.client.get("/survey")
        assert start.status_code == 200
        self.csrf = csrf_of(start.get_data(as_text=True))

    def post(self, **fields: str):  # type: ignore[no-untyped-def]
        return self.client.post("/survey", data={"csrf_token": self.csrf, **fields})

    def answer_all(self, answers: dict[str, str]) -> None:
        """Walk every page carrying answers forward the way the hidden fields do."""
        assert self.post(page="0", action="next").status_code == 200
        for page in map(str, range(1, PAGES + 1)):
            response = self.post(page=page, action="next", **answers)
            assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        assert "Check your answers" in response.get_data(as_text=True)

    def submit(self, answers: dict[str, str]):  # type: ignore[no-untyped-def]
        return self.post(page="0", action="submit", **answers)

    def carried(self, page: str) -> dict[str, str]:
        """The answers a page carries in its one sealed field, opened as the app opens them."""
        match = SEALED.search(page)
        assert match, "no sealed answers on the page"
        with self.client.session_transaction() as session:
            entry = session["entry"]
        app = self.client.application
        with app.app_context(), session_scope(app) as db_session:
            wave = db_session.get(Wave, entry["wave"])
            assert wave is not None
            bank = bank_of(runtime(app).banks, wave)
        return CarriedSeal(app.config["SECRET_KEY"]).open(bank, match.group(1), entry["nonce"])


@pytest.fixture
def respondent(client: FlaskClient) -> Respondent:
    return Respondent(client)


def counts(app: Flask) -> tuple[int, int, int]:
    """Responses, answers and comments stored (opened with the app's keys)."""
    responses = stored_responses(app)
    answers = sum(len(response.answers) for response in responses)
    return len(responses), answers, len(stored_comments(app))


def all_stored_text(app: Flask) -> str:
    """Every value in every table, as text, to search for things that must not be there."""
    engine = get_engine(app)
    from sqlalchemy import inspect

    chunks = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                chunks.extend(repr(value) for value in row)
    return "\n".join(chunks)


@pytest.fixture
def stored(app: Flask) -> Iterator[object]:
    yield lambda: counts(app)
