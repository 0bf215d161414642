"""The survey's pages as a small state machine over form fields, with no server-side state.

Answers given so far travel in hidden fields of each page, so nothing is stored before the
final submit, pages work without JavaScript, and the session cookie stays small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from surveyapp.domain.banks import Bank, CommentPrompt, Demographic, Question

CONTROL_FIELDS = {"csrf_token", "page", "action"}
CHECK_PAGE = 0


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


def pages(bank: Bank) -> list[Page]:
    """Questions by page; the optional "about you" bands and the comments go on the last page."""
    numbers = bank.pages
    result = []
    for number in numbers:
        last = number == numbers[-1]
        result.append(
            Page(
                number,
                bank.questions_on_page(number),
                bank.demographics if last else (),
                bank.comments if last else (),
            )
        )
    return result


def answer_keys(bank: Bank) -> set[str]:
    return {key for page in pages(bank) for key in page.keys}


def carried_answers(bank: Bank, form: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Answers in the form (non-empty only) and any field names the survey does not know."""
    known = answer_keys(bank)
    answers = {k: v for k, v in form.items() if k in known and v.strip()}
    unknown = sorted(k for k in form if k not in known and k not in CONTROL_FIELDS)
    return answers, unknown
