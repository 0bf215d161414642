"""The page and button state machine of the survey, as plain functions over a form."""

from __future__ import annotations

import pytest

from surveyapp.domain.banks import load_bank
from surveyapp.paths import SURVEYS
from surveyapp.respond.journey import (
    CHECK_PAGE,
    NOT_A_QUESTION,
    Destination,
    after_post,
    page_number,
    page_to_resume,
    pages,
)

BANK = load_bank(SURVEYS / "social-work-pulse.toml")
LAST = len(pages(BANK))
ON_PAGE_1, ON_PAGE_2 = pages(BANK)[0].keys[0], pages(BANK)[1].keys[0]


def post(page: int | str, action: str | None = None, **answers: str) -> dict[str, str]:
    form = {"csrf_token": "t", "page": str(page), **answers}
    return form if action is None else {**form, "action": action}


def test_next_checks_the_page_and_moves_on_to_the_check_page_after_the_last() -> None:
    move = after_post(BANK, post(1, **{ON_PAGE_1: "4"}))
    assert (move.to, move.page, move.errors, move.answers) == (
        Destination.PAGE,
        2,
        {},
        {ON_PAGE_1: "4"},
    )
    assert after_post(BANK, post(LAST)).to is Destination.CHECK


def test_a_wrong_answer_stays_on_its_page_with_a_message() -> None:
    move = after_post(BANK, post(1, **{ON_PAGE_1: "9"}))
    assert (move.to, move.page) == (Destination.PAGE, 1)
    assert set(move.errors) == {ON_PAGE_1}
    # answers of other pages are not checked on this one
    assert after_post(BANK, post(2, **{ON_PAGE_1: "9"})).errors == {}


def test_back_and_change_go_to_a_page_without_checking_it() -> None:
    assert after_post(BANK, post(2, "back", **{ON_PAGE_2: "nonsense"})).page == 1
    assert after_post(BANK, post(1, "back")).page == 1
    change = after_post(BANK, post(CHECK_PAGE, "change-2", **{ON_PAGE_1: "9"}))
    assert (change.to, change.page, change.errors) == (Destination.PAGE, 2, {})


def test_submit_checks_everything() -> None:
    move = after_post(BANK, post(CHECK_PAGE, "submit", **{ON_PAGE_1: "5", ON_PAGE_2: "9"}))
    assert (move.to, set(move.errors), move.submission) == (Destination.CHECK, {ON_PAGE_2}, None)
    done = after_post(BANK, post(CHECK_PAGE, "submit", **{ON_PAGE_1: "5"}))
    assert done.to is Destination.SUBMIT and done.submission is not None
    assert [a.question_key for a in done.submission.answers] == [ON_PAGE_1]


def test_a_field_the_survey_does_not_know_goes_back_to_the_first_page() -> None:
    move = after_post(BANK, post(3, "submit", mystery="1", **{ON_PAGE_2: "4"}))
    assert (move.to, move.page, move.errors) == (Destination.PAGE, 1, {"mystery": NOT_A_QUESTION})
    assert move.answers == {ON_PAGE_2: "4"}


@pytest.mark.parametrize(
    ("raw", "expected"), [("2", 2), ("-10", 1), ("9" * 20, LAST), ("", 1), (None, 1), ("x", 1)]
)
def test_any_page_number_the_browser_sends_is_a_page_we_have(
    raw: str | None, expected: int
) -> None:
    assert page_number(raw, LAST) == expected
    assert after_post(BANK, post(raw or "", "change-" + (raw or ""))).page == expected


def test_a_page_given_back_resumes_at_its_first_message() -> None:
    comment = pages(BANK)[-1].comments[0].key
    assert page_to_resume(BANK, "1", {comment: "too long"}) == LAST
    assert page_to_resume(BANK, "2", {}) == 2
    assert page_to_resume(BANK, "junk", {}) == 1


def test_a_page_carries_the_answers_of_the_other_pages() -> None:
    first = pages(BANK)[0]
    assert first.carried({ON_PAGE_1: "4", ON_PAGE_2: "2"}) == {ON_PAGE_2: "2"}
