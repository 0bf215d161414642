"""Check a respondent's answers against the bank before anything is stored.

Everything a browser sends is untrusted: unknown keys, out-of-range values and oversized comments
are refused with a message per field, so the form can show them and nothing half-valid is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .banks import Bank, QuestionKind
from .wording import words


@dataclass(frozen=True)
class CheckedAnswer:
    question_key: str
    value: int | None = None
    choice: str | None = None


@dataclass(frozen=True)
class Submission:
    """A whole, valid response, ready to be written in one transaction."""

    answers: tuple[CheckedAnswer, ...]
    bands: tuple[tuple[str, str], ...] = ()
    comments: tuple[tuple[str, str], ...] = ()


@dataclass
class SubmissionError(ValueError):
    """Field key -> message, for every field that is wrong."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{key}: {message}" for key, message in self.errors.items())


def check_submission(bank: Bank, raw: Mapping[str, str]) -> Submission:
    """Turn form values (strings; empty or missing means skipped) into a ``Submission``."""
    errors: dict[str, str] = {}
    known = (
        {q.key for q in bank.questions}
        | {d.key for d in bank.demographics}
        | {c.key for c in bank.comments}
    )
    for key in raw:
        if key not in known:
            errors[key] = words("is not a question in this survey")
    answers = []
    for question in bank.questions:
        text = (raw.get(question.key) or "").strip()
        if not text:
            if question.is_required:
                errors[question.key] = words("Answer this question")
            continue
        if question.kind is QuestionKind.CHOICE:
            if question.option(text) is None:
                errors[question.key] = words("Choose one of the options")
            else:
                answers.append(CheckedAnswer(question.key, choice=text))
            continue
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value not in question.values:
            low, high = question.values[0], question.values[-1]
            errors[question.key] = words(
                "Choose an answer from %(low)s to %(high)s", low=low, high=high
            )
        else:
            answers.append(CheckedAnswer(question.key, value=value))
    bands = []
    for demographic in bank.demographics:
        text = (raw.get(demographic.key) or "").strip()
        if not text:
            continue
        if text not in {band.key for band in demographic.bands}:
            errors[demographic.key] = words("Choose one of the options")
        else:
            bands.append((demographic.key, text))
    comments = []
    for prompt in bank.comments:
        text = (raw.get(prompt.key) or "").strip()
        if not text:
            continue
        if len(text) > prompt.max_length:
            errors[prompt.key] = words(
                "Comment must be %(most)s characters or fewer (it has %(length)s)",
                most=prompt.max_length,
                length=len(text),
            )
        else:
            comments.append((prompt.key, text))
    if errors:
        raise SubmissionError(errors)
    return Submission(tuple(answers), tuple(bands), tuple(comments))


SCORED_KINDS = frozenset({QuestionKind.AGREEMENT, QuestionKind.RECOMMEND})
NO_SCORED_ANSWER = "scored_answer"
"""The error key of a submission with no scored answer (no field of that name exists)."""
NO_SCORED_ANSWER_MESSAGE = words(
    "Answer at least one of the questions on a scale (from strongly disagree to strongly "
    "agree, or from 0 to 10) before sending: a response with none of them is not saved"
)


def require_a_scored_answer(bank: Bank, submission: Submission) -> None:
    """Refuse a response that answers no scored question (agreement or 0-10).

    An empty response still counts towards a team's number of responses, so whoever holds a
    team's invitations could send blanks to push the team past the minimum group size and
    publish the one real colleague's answers (the n-1 attack, README threat model). Choice
    questions (how often, when last) do not count: they feed no score, so a response answering
    only those would add as little to the scores it helps publish as a blank one. Bands and
    comments do not count either, for the same reason.
    """
    scored = {q.key for q in bank.questions if q.kind in SCORED_KINDS}
    if not any(answer.question_key in scored for answer in submission.answers):
        raise SubmissionError({NO_SCORED_ANSWER: NO_SCORED_ANSWER_MESSAGE})
