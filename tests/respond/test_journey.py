"""The whole journey through the test client, on both databases."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.tokens import format_code
from surveyapp.models import Invitation
from tests.factories import wave_with_invitations, wave_with_team_link
from tests.support.sealed import stored_comments, stored_responses

from .conftest import FULL_ANSWERS, PAGES, Respondent, all_stored_text, counts, csrf_of


def test_invitation_link_to_confirmation(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.answer_all(FULL_ANSWERS)
    done = respondent.submit(FULL_ANSWERS)
    assert done.status_code == 200
    assert "Your answers have been sent" in done.get_data(as_text=True)
    assert counts(app) == (1, 18, 2)
    (response,) = stored_responses(app)
    assert response.answers["morale_valued_v1"] == 4
    assert response.answers["supervision_last_v1"] == "within_2_months"
    assert response.bands == {"role": "social_worker", "length_of_service": "one_to_five_years"}
    texts = {comment.text for comment, _prompt in stored_comments(app)}
    assert texts == {"Peer support.", "Protected time for supervision."}
    with app.app_context(), session_scope(app) as session:
        assert response.unit_id == session.scalars(select(Invitation)).first().unit_id  # type: ignore[union-attr]


def test_after_submission_nothing_links_the_token_to_the_answers(
    app: Flask, respondent: Respondent
) -> None:
    _wave, tokens = wave_with_invitations(app, count=1)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.answer_all(FULL_ANSWERS)
    respondent.submit(FULL_ANSWERS)
    dump = all_stored_text(app)
    assert tokens[0] not in dump and format_code(tokens[0]) not in dump
    assert "Peer support" not in dump  # comments are only stored encrypted


def test_typed_code_with_spaces_and_lower_case(app: Flask, client: FlaskClient) -> None:
    _wave, tokens = wave_with_invitations(app)
    page = client.get("/code").get_data(as_text=True)
    typed = format_code(tokens[1]).lower().replace("-", " ")
    response = client.post("/code", data={"csrf_token": csrf_of(page), "code": typed})
    assert response.status_code == 303 and response.headers["Location"] == "/survey"
    respondent = Respondent(client)
    respondent.csrf = csrf_of(client.get("/survey").get_data(as_text=True))
    respondent.answer_all({"morale_valued_v1": "5"})
    assert respondent.submit({"morale_valued_v1": "5"}).status_code == 200
    assert counts(app) == (1, 1, 0)


def test_team_link_allows_many_but_one_per_browser(app: Flask, client: FlaskClient) -> None:
    _wave, token = wave_with_team_link(app)
    for _person in range(3):
        fresh = app.test_client()
        respondent = Respondent(fresh)
        respondent.enter(f"/t/{token}")
        respondent.answer_all({"trust_speak_up_v1": "4"})
        assert respondent.submit({"trust_speak_up_v1": "4"}).status_code == 200
        again = fresh.get(f"/t/{token}")
        assert again.status_code == 409
        assert "already been used to answer" in again.get_data(as_text=True)
    assert counts(app) == (3, 3, 0)


NOTHING_SCORED = {
    "workload_out_of_hours_v1": "most_weeks",
    "supervision_last_v1": "within_2_months",
    "role": "social_worker",
    "comment_keep_v1": "Peer support.",
}
"""Choice questions, a band and a comment: an answer, but none to a scored question."""


def test_an_empty_response_is_refused_and_the_invitation_still_works(
    app: Flask, respondent: Respondent
) -> None:
    """The n-1 attack sends blanks to push a team past k: a response with no scored answer is
    refused on the check page, nothing is stored, and the same entry can still send answers."""
    _wave, tokens = wave_with_invitations(app, count=1)
    respondent.enter(f"/i/{tokens[0]}")
    start = respondent.client.get("/survey").get_data(as_text=True)
    assert "answer at least one of the questions on a scale" in start
    for answers in ({}, NOTHING_SCORED):
        respondent.answer_all(answers)
        refused = respondent.submit(answers)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400
        assert "There is a problem" in page and "Check your answers" in page
        assert 'href="#send">Answer at least one of the questions on a scale' in page
        assert counts(app) == (0, 0, 0)
    with app.app_context(), session_scope(app) as session:
        assert not session.scalars(select(Invitation)).one().is_used
    one = {"morale_valued_v1": "4"}
    respondent.answer_all(one)
    assert respondent.submit(one).status_code == 200
    assert counts(app) == (1, 1, 0)


def test_one_scored_answer_is_enough(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    answers = {"recommend_workplace_v1": "0"}  # 0 is an answer, not a blank
    respondent.answer_all(answers)
    assert respondent.submit(answers).status_code == 200
    assert counts(app) == (1, 1, 0)


def test_back_and_change_keep_answers(app: Flask, respondent: Respondent) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.post(page="0", action="next")
    page2 = respondent.post(page="1", action="next", morale_valued_v1="2")
    assert f"Page 2 of {PAGES}" in page2.get_data(as_text=True)
    back = respondent.post(page="2", action="back", morale_valued_v1="2").get_data(as_text=True)
    assert f"Page 1 of {PAGES}" in back and 'value="2" checked' in back
    change = respondent.post(page="0", action="change-1", morale_valued_v1="2")
    assert 'value="2" checked' in change.get_data(as_text=True)


def test_no_page_sends_a_referrer_off_site_nor_uses_a_third_party(
    app: Flask, client: FlaskClient
) -> None:
    _wave, tokens = wave_with_invitations(app)
    for path in ("/", "/code", f"/i/{tokens[0]}", "/survey"):
        response = client.get(path)
        policy = "no-referrer" if path.startswith("/i/") else "same-origin"
        assert response.headers["Referrer-Policy"] == policy
        assert "http" not in response.headers["Content-Security-Policy"]
        assert "https://" not in response.get_data(as_text=True)
