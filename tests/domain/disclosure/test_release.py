"""Open waves: hidden, or released live only in steps of at least k new responses."""

from __future__ import annotations

import pytest

from surveyapp.domain.disclosure import (
    PlanInput,
    Reason,
    compute_plan,
    may_release_snapshot,
)
from tests.domain.disclosure.support import tree

UNITS = tree((1, None), (2, 1), (3, 1))


def snapshot(total: int, *, live: bool = True, last: int = 0) -> PlanInput:
    return PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses={2: total - total // 2, 3: total // 2},
        question_answered={(2, "q1"): total - total // 2},
        comment_counts={(2, "c"): 1},
        wave_is_open=True,
        live_results=live,
        last_released_total=last,
    )


def test_an_open_wave_without_live_results_hides_every_cell() -> None:
    plan = compute_plan(snapshot(40, live=False))
    assert len(plan) > 0
    assert all(cell.reason is Reason.WAVE_STILL_OPEN for cell in plan.cells())
    assert list(plan.published_cells()) == []
    assert plan.rollups == ()
    assert plan.usefulness.published == 0
    assert plan.usefulness.published_primary_only > 0


def test_live_results_are_released_in_steps_of_k() -> None:
    released_at = []
    last = 0
    for total in range(0, 23):
        plan = compute_plan(snapshot(total, last=last))
        if plan.is_published(1, "responses"):
            released_at.append(total)
            last = total
        else:
            assert all(cell.reason is Reason.NOT_RELEASED for cell in plan.cells())
    assert released_at == [5, 10, 15, 20]


def test_release_rule() -> None:
    assert not may_release_snapshot(last_released_total=0, current_total=4, k=5)
    assert may_release_snapshot(last_released_total=0, current_total=5, k=5)
    assert not may_release_snapshot(last_released_total=5, current_total=9, k=5)
    assert may_release_snapshot(last_released_total=5, current_total=10, k=5)
    with pytest.raises(ValueError, match="fewer"):
        may_release_snapshot(last_released_total=6, current_total=5, k=5)
    with pytest.raises(ValueError, match="negative"):
        may_release_snapshot(last_released_total=-1, current_total=5, k=5)
    with pytest.raises(ValueError, match="at least 3"):
        may_release_snapshot(last_released_total=0, current_total=5, k=2)


def test_a_closed_wave_is_planned_normally() -> None:
    closed = PlanInput(units=UNITS, k=5, k_comments=10, responses={2: 6, 3: 6})
    assert compute_plan(closed).n(1, "responses") == 12
