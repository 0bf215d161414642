"""The rules of action plans: what may be written, what an action may be about, overdue, change."""

from __future__ import annotations

import datetime as dt

import pytest

from surveyapp.domain.actions import (
    MAX_DESCRIPTION,
    MAX_UPDATE,
    ActionError,
    ActionStatus,
    Progress,
    action_targets,
    change_since,
    check_due_date,
    check_target,
    checked_description,
    checked_progress,
    is_overdue,
    measure_score,
    target_label,
)
from surveyapp.domain.disclosure import measures
from tests.domain.results.support import BANK, council, person, plan_for

TODAY = dt.date(2026, 12, 1)
MORALE, TRUST = measures.theme("morale"), measures.theme("trust")
VALUED = measures.question("valued")


def error_of(call: object, *args: object) -> tuple[str, str]:
    with pytest.raises(ActionError) as raised:
        call(*args)  # type: ignore[operator]
    return raised.value.field, raised.value.message


def test_an_open_action_past_its_due_date_is_overdue_and_a_closed_one_never() -> None:
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    assert is_overdue(ActionStatus.PLANNED, yesterday, TODAY)
    assert is_overdue(ActionStatus.IN_PROGRESS, yesterday, TODAY)
    assert not is_overdue(ActionStatus.IN_PROGRESS, TODAY, TODAY)
    assert not is_overdue(ActionStatus.PLANNED, tomorrow, TODAY)
    assert not is_overdue(ActionStatus.DONE, yesterday, TODAY)
    assert not is_overdue(ActionStatus.DROPPED, yesterday, TODAY)


def test_what_will_change_is_required_tidied_and_bounded() -> None:
    assert checked_description("  Protect   supervision\ntime ") == "Protect supervision time"
    assert error_of(checked_description, " \n ") == ("description", "Enter what will change")
    field, message = error_of(checked_description, "x" * (MAX_DESCRIPTION + 1))
    assert field == "description" and f"{MAX_DESCRIPTION} characters or fewer" in message


def test_a_due_date_in_the_past_is_refused() -> None:
    check_due_date(TODAY, TODAY)
    assert error_of(check_due_date, TODAY - dt.timedelta(days=1), TODAY) == (
        "due_on",
        "The due date must be today or in the future",
    )


def test_an_update_is_text_a_new_status_or_both() -> None:
    assert checked_progress(ActionStatus.PLANNED, " Started ", None, "") == Progress(
        "Started", None, None
    )
    assert checked_progress(
        ActionStatus.PLANNED, "", ActionStatus.IN_PROGRESS, "ignored"
    ) == Progress("", ActionStatus.IN_PROGRESS, None)
    # choosing the status it already has changes nothing, so some text is needed
    assert error_of(checked_progress, ActionStatus.PLANNED, "", ActionStatus.PLANNED, "") == (
        "text",
        "Write an update, or choose a new status",
    )
    field, _ = error_of(checked_progress, ActionStatus.PLANNED, "x" * (MAX_UPDATE + 1), None, "")
    assert field == "text"


def test_dropping_needs_a_reason() -> None:
    assert error_of(checked_progress, ActionStatus.IN_PROGRESS, "", ActionStatus.DROPPED, " ") == (
        "dropped_reason",
        "Say why the action is dropped",
    )
    dropped = checked_progress(ActionStatus.IN_PROGRESS, "", ActionStatus.DROPPED, "No budget")
    assert dropped == Progress("", ActionStatus.DROPPED, "No budget")


@pytest.mark.parametrize("closed", [ActionStatus.DONE, ActionStatus.DROPPED])
def test_a_closed_action_takes_no_more_updates(closed: ActionStatus) -> None:
    field, message = error_of(checked_progress, closed, "One more thing", None, "")
    assert field == "text" and f"This action is {closed.label.lower()}" in message
    field, _ = error_of(checked_progress, closed, "", ActionStatus.IN_PROGRESS, "")
    assert field == "text"


def test_an_action_can_be_about_published_themes_and_agreement_questions_only() -> None:
    _, plan = plan_for(council())
    targets = action_targets(plan, BANK, 3)
    assert [t.measure for t in targets] == [
        MORALE,
        TRUST,
        VALUED,
        measures.question("drained"),
        measures.question("speak_up"),
    ]  # not the recommend item nor the supervision choice: they have no % favourable
    assert targets[0].label == "Theme: Morale" and targets[2].label == "Question: I feel valued"
    assert targets[2].score.percent == 100
    # team 4 (three people) is not published: nothing to act on there
    assert action_targets(plan, BANK, 4) == ()
    assert check_target(targets, TRUST) == targets[1]
    for crafted in (MORALE + "x", measures.question("recommend"), "responses", ""):
        assert error_of(check_target, targets, crafted)[0] == "measure"
    assert error_of(check_target, action_targets(plan, BANK, 4), MORALE)[0] == "measure"


def test_labels_and_scores_only_for_known_measures() -> None:
    _, plan = plan_for(council())
    assert target_label(BANK, measures.theme("gone")) is None
    assert target_label(BANK, measures.question("last_supervision")) is None
    assert measure_score(plan, BANK, 4, MORALE) is None  # suppressed
    assert measure_score(plan, BANK, 3, measures.question("recommend")) is None
    score = measure_score(plan, BANK, 6, VALUED)
    assert score is not None and score.percent == 0


def test_the_change_since_an_action_is_tested_between_two_published_scores() -> None:
    _, before = plan_for(council(u3=[person(valued="2", drained="4") for _ in range(10)]))
    _, after = plan_for(council())
    _, too_few = plan_for(council(u3=[person() for _ in range(3)]))
    rose = change_since(BANK, 3, MORALE, before, after)
    assert rose.then is not None and rose.now is not None
    assert (rose.then.percent, rose.now.percent, rose.points) == (0, 100, 100)
    assert rose.marker == "up"
    assert change_since(BANK, 3, MORALE, after, before).marker == "down"
    steady = change_since(BANK, 3, MORALE, after, after)
    assert steady.marker == "no clear change" and steady.points == 0
    hidden_now = change_since(BANK, 3, MORALE, before, too_few)
    assert hidden_now.now is None and hidden_now.test is None and hidden_now.marker == ""
    same_wave = change_since(BANK, 3, MORALE, before)
    assert same_wave.now is None and same_wave.points is None and same_wave.marker == ""
