"""Action plans: what leaders said they would do about a published result, and the rules.

An action is recorded against one published cell of a wave's plan (a theme, or an agreement
question, of one unit): only a cell with a score can be chosen, so that the next wave can say
whether that score moved. It has an owner, a due date, a status and dated updates; a done or
dropped action is closed and takes nothing more. Plain Python: the service applies these rules
to the database and the pages show the messages as they are.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.disclosure.plan import NodeId
from surveyapp.domain.results import question_result, theme_result
from surveyapp.domain.scoring import AgreementScore, ChangeTest, two_proportion_test
from surveyapp.domain.wording import words

MAX_DESCRIPTION = 500
MAX_UPDATE = 1000
MAX_REASON = 500


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


STATUS_LABELS = {
    ActionStatus.PLANNED: words("Planned"),
    ActionStatus.IN_PROGRESS: words("In progress"),
    ActionStatus.DONE: words("Done"),
    ActionStatus.DROPPED: words("Dropped"),
}
OPEN_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


class ActionError(ValueError):
    """Bad input for an action, naming the form field it is about and saying what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def is_overdue(status: ActionStatus, due_on: dt.date, today: dt.date) -> bool:
    """Past its due date and still open: flagged on every page and report that lists it."""
    return status.is_open and due_on < today


def checked_description(text: str) -> str:
    description = " ".join(text.split())
    if not description:
        raise ActionError("description", words("Enter what will change"))
    if len(description) > MAX_DESCRIPTION:
        raise ActionError(
            "description",
            words("What will change must be %(n)s characters or fewer", n=MAX_DESCRIPTION),
        )
    return description


def check_due_date(due_on: dt.date, today: dt.date) -> None:
    if due_on < today:
        raise ActionError("due_on", words("The due date must be today or in the future"))


@dataclass(frozen=True)
class Progress:
    """A progress update as checked: its text, and the new status if it changes one."""

    text: str
    status: ActionStatus | None
    dropped_reason: str | None


def checked_progress(
    current: ActionStatus, text: str, status: ActionStatus | None, reason: str
) -> Progress:
    """An update to an open action: some text, a new status, or both; a reason to drop it."""
    if not current.is_open:
        raise ActionError(
            "text",
            words(
                "This action is done, so it takes no more updates. Record a new action if more"
                " needs to be done"
            )
            if current is ActionStatus.DONE
            else words(
                "This action is dropped, so it takes no more updates. Record a new action if"
                " more needs to be done"
            ),
        )
    written = text.strip()
    if len(written) > MAX_UPDATE:
        raise ActionError(
            "text", words("The update must be %(n)s characters or fewer", n=MAX_UPDATE)
        )
    new = None if status is current else status
    if not written and new is None:
        raise ActionError("text", words("Write an update, or choose a new status"))
    why = " ".join(reason.split())
    if new is ActionStatus.DROPPED:
        if not why:
            raise ActionError("dropped_reason", words("Say why the action is dropped"))
        if len(why) > MAX_REASON:
            raise ActionError(
                "dropped_reason",
                words("The reason must be %(n)s characters or fewer", n=MAX_REASON),
            )
    return Progress(written, new, why if new is ActionStatus.DROPPED else None)


@dataclass(frozen=True)
class Target:
    """A published result an action may be recorded against."""

    measure: str
    label: str
    score: AgreementScore


def _theme_measure(measure: str) -> str | None:
    prefix = f"{measures.THEME}:"
    return measure.removeprefix(prefix) if measure.startswith(prefix) else None


def _question_measure(measure: str) -> str | None:
    prefix = f"{measures.QUESTION}:"
    return measure.removeprefix(prefix) if measure.startswith(prefix) else None


def target_label(bank: Bank, measure: str) -> str | None:
    """ "Theme: <title>" or "Question: <text>"; None for anything an action cannot be about."""
    theme_key, question_key = _theme_measure(measure), _question_measure(measure)
    theme = next((t for t in bank.themes if t.key == theme_key), None)
    if theme is not None:
        return words("Theme: %(title)s", title=theme.title)
    question = next((q for q in bank.questions if q.key == question_key), None)
    if question is not None and question.kind is QuestionKind.AGREEMENT:
        return words("Question: %(text)s", text=question.text)
    return None


def measure_score(
    plan: PublicationPlan, bank: Bank, node: NodeId, measure: str
) -> AgreementScore | None:
    """The score of a theme or agreement question where the plan publishes it, else None."""
    if target_label(bank, measure) is None or not plan.is_published(node, measure):
        return None
    theme_key, question_key = _theme_measure(measure), _question_measure(measure)
    if theme_key is not None:
        return theme_result(plan, node, bank, theme_key).score
    assert question_key is not None
    return question_result(plan, node, bank.question(question_key)).score


def action_targets(plan: PublicationPlan, bank: Bank, node: NodeId) -> tuple[Target, ...]:
    """Every result of ``node`` an action may be recorded against: its published themes, then
    its published agreement questions, in the bank's order."""
    candidates = [measures.theme(t.key) for t in bank.themes] + [
        measures.question(q.key) for q in bank.questions if q.kind is QuestionKind.AGREEMENT
    ]
    targets = []
    for measure in candidates:
        score = measure_score(plan, bank, node, measure)
        label = target_label(bank, measure)
        if score is not None and label is not None:
            targets.append(Target(measure, label, score))
    return tuple(targets)


def check_target(targets: Sequence[Target], measure: str) -> Target:
    """The chosen result, which must be one the plan publishes for the unit."""
    found = next((t for t in targets if t.measure == measure), None)
    if found is None:
        raise ActionError(
            "measure", words("Choose a result that is published for this unit in this survey")
        )
    return found


@dataclass(frozen=True)
class Change:
    """The measure an action is about, when it was made and now, and whether it moved.

    ``then`` and ``now`` are published scores or None; the change is tested only between two.
    """

    then: AgreementScore | None
    now: AgreementScore | None
    test: ChangeTest | None

    @property
    def points(self) -> float | None:
        if self.then is None or self.now is None:
            return None
        return self.now.percent - self.then.percent

    @property
    def marker(self) -> str:
        """ "up", "down" or "no clear change" (p < 0.05 for a change), or "" if untested."""
        if self.test is None:
            return ""
        if not self.test.is_significant:
            return "no clear change"
        return "up" if self.test.z > 0 else "down"


def change_since(
    bank: Bank,
    node: NodeId,
    measure: str,
    then: PublicationPlan,
    now: PublicationPlan | None = None,
) -> Change:
    """The measure in the plan of the wave the action was made for, and in a later wave's
    (``now``; None while there is no later wave, which leaves nothing to test)."""
    before = measure_score(then, bank, node, measure)
    after = None if now is None else measure_score(now, bank, node, measure)
    test = None
    if before is not None and after is not None:
        test = two_proportion_test(before.favourable, before.n, after.favourable, after.n)
    return Change(before, after, test)
