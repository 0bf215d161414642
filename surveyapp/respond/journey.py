"""The survey's pages as a small state machine over form fields, with no server-side state.

Answers given so far travel in hidden fields of each page, so nothing is stored before the
final submit, pages work without JavaScript, and the session cookie stays small. A posted page
names the page it was (``page``, ``CHECK_PAGE`` for the check-your-answers page) and the button
pressed (``action``: next, back, ``change-N`` or submit); ``after_post`` says where that leads.
Plain functions over the bank and the form: the view parses, calls and renders.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from surveyapp.domain.banks import Bank, CommentPrompt, Demographic, Question
from surveyapp.domain.submission import (
    Submission,
    SubmissionError,
    check_submission,
    require_a_scored_answer,
)
from surveyapp.domain.wording import words

CONTROL_FIELDS = {"csrf_token", "page", "action", "lang"}
CHECK_PAGE = 0
NOT_A_QUESTION = words("is not a question in this survey")


@dataclass(frozen=True)
class Page:
    number: int
    questions: tuple[Question, ...]
    demographics: tuple[Demographic, ...] = ()
    comments: tuple[CommentPrompt, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(
            [q.key for q in self.questions]
            + [d.key for d in self.demographics]
            + [c.key for c in self.comments]
        )

    def carried(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers of other pages, which travel in this page's hidden fields."""
        return {key: value for key, value in answers.items() if key not in self.keys}


def pages(bank: Bank) -> list[Page]:
    """Questions, "about you" bands and comment prompts by the page the bank gives them (bands
    and prompts with none go on the last page)."""
    return [
        Page(
            number,
            bank.questions_on_page(number),
            bank.demographics_on_page(number),
            bank.comments_on_page(number),
        )
        for number in bank.pages
    ]


def answer_keys(bank: Bank) -> set[str]:
    return {key for page in pages(bank) for key in page.keys}


def carried_answers(bank: Bank, form: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Answers in the form (non-empty only) and any field names the survey does not know."""
    known = answer_keys(bank)
    answers = {k: v for k, v in form.items() if k in known and v.strip()}
    unknown = sorted(k for k in form if k not in known and k not in CONTROL_FIELDS)
    return answers, unknown


class Destination(enum.Enum):
    PAGE = "page"
    CHECK = "check"
    SUBMIT = "submit"


@dataclass(frozen=True)
class Move:
    """Where a posted page leads: a page of questions (``page``), the check page, or the
    submission of ``submission``; ``errors`` (field -> message) send the respondent back."""

    to: Destination
    answers: dict[str, str]
    page: int = CHECK_PAGE
    errors: dict[str, str] = field(default_factory=dict)
    submission: Submission | None = None


def page_number(raw: str | None, count: int, lowest: int = 1) -> int:
    """A page number from the form, held within ``lowest``..``count``; ``lowest`` if unreadable.

    The form is the browser's to change: a page of -10 or of twenty digits is a page we have.
    """
    try:
        return min(max(int(raw or ""), lowest), count)
    except ValueError:
        return lowest


def after_post(bank: Bank, form: Mapping[str, str]) -> Move:
    """The next step of the journey for a posted page.

    Next checks the page just answered and moves on (from the last page, to the check page);
    back and change go to a page without checking; submit checks everything, and refuses a
    response with no scored answer (``require_a_scored_answer``). A field the
    survey does not know sends the respondent to the first page with a message.
    """
    answers, unknown = carried_answers(bank, form)
    if unknown:
        return Move(Destination.PAGE, answers, 1, dict.fromkeys(unknown, NOT_A_QUESTION))
    survey_pages = pages(bank)
    count = len(survey_pages)
    action = form.get("action", "next")
    current = page_number(form.get("page"), count, lowest=CHECK_PAGE)
    if action.startswith("change-"):
        return Move(Destination.PAGE, answers, page_number(action.removeprefix("change-"), count))
    if action == "back":
        return Move(Destination.PAGE, answers, max(1, current - 1))
    if action == "submit":
        try:
            submission = check_submission(bank, answers)
            require_a_scored_answer(bank, submission)
        except SubmissionError as error:
            return Move(Destination.CHECK, answers, errors=error.errors)
        return Move(Destination.SUBMIT, answers, submission=submission)
    if 1 <= current <= count:
        page_keys = set(survey_pages[current - 1].keys)
        try:
            check_submission(bank, {k: v for k, v in answers.items() if k in page_keys})
        except SubmissionError as error:
            return Move(Destination.PAGE, answers, current, error.errors)
        if current == count:
            return Move(Destination.CHECK, answers)
    return Move(Destination.PAGE, answers, min(current + 1, count))


def page_to_resume(bank: Bank, raw_page: str | None, errors: Mapping[str, str]) -> int:
    """Where a page given back after it was too large to send resumes: the first page with a
    message, else the page it was sent from."""
    survey_pages = pages(bank)
    first_error = next((p.number for p in survey_pages if set(p.keys) & set(errors)), None)
    return first_error or page_number(raw_page, len(survey_pages))
