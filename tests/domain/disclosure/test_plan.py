"""The plan as stored and signed: lookups, JSON round trip, canonical digest."""

from __future__ import annotations

import dataclasses
import json

import pytest

from surveyapp.domain.disclosure import (
    Cell,
    PublicationPlan,
    Reason,
    Rollup,
    Usefulness,
    compute_plan,
    measures,
)
from surveyapp.domain.disclosure.plan import decided_cell
from tests.domain.disclosure.support import simple_input, tree

UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (5, 2), (6, 1))


def sample() -> PublicationPlan:
    return compute_plan(
        simple_input(
            UNITS,
            {3: 10, 4: 3, 5: 3, 6: 12},
            themes={"t": ("q1",)},
            comment_counts={(3, "c"): 10, (6, "c"): 11},
            band_counts={(3, "nq", "yes"): 5, (3, "nq", "no"): 5, (6, "nq", "yes"): 6},
        )
    )


def test_round_trip_through_json_keeps_every_decision_and_the_digest() -> None:
    plan = sample()
    stored = json.dumps(plan.to_dict())
    again = PublicationPlan.from_dict(json.loads(stored))
    assert again == plan
    assert again.digest() == plan.digest()
    assert again.rollups == plan.rollups
    assert again.usefulness == plan.usefulness
    assert again.cell(3, measures.question("q1")).distribution == (("agree", 10),)


def test_digest_is_stable_and_follows_any_change() -> None:
    assert sample().digest() == sample().digest()
    assert len(sample().digest()) == 64
    other = compute_plan(simple_input(UNITS, {3: 10, 4: 3, 5: 3, 6: 13}))
    assert other.digest() != sample().digest()
    assert sample() != object()


def test_lookups() -> None:
    plan = sample()
    assert plan.is_published(3, measures.RESPONSES)
    assert not plan.is_published(4, measures.RESPONSES)
    assert not plan.is_published(99, measures.RESPONSES)
    assert plan.cell(4, measures.RESPONSES).reason is Reason.ROLLED_UP
    assert plan.cell(3, measures.RESPONSES).reason is None
    with pytest.raises(KeyError):
        plan.cell(99, measures.RESPONSES)
    assert all(cell.n is not None for cell in plan.published_cells())
    assert all(cell.n is None for cell in plan.cells() if not cell.is_published)
    assert len(plan) == len(list(plan.cells()))
    assert plan.rollup(2) is not None and plan.rollup(1) is None


def test_a_cell_is_either_published_with_n_or_suppressed_with_a_reason() -> None:
    with pytest.raises(ValueError, match="either"):
        Cell(1, "responses")
    with pytest.raises(ValueError, match="either"):
        Cell(1, "responses", n=5, reason=Reason.BELOW_MINIMUM)
    with pytest.raises(ValueError, match="distribution"):
        Cell(1, "q", reason=Reason.BELOW_MINIMUM, distribution=(("a", 1),))


def test_a_cell_the_planner_decides_is_the_cell_made_with_its_checks() -> None:
    cases = [
        ((1, "q", 5, None, (("a", 5),)), Cell(1, "q", n=5, distribution=(("a", 5),))),
        ((1, "responses", 7, None), Cell(1, "responses", n=7)),
        (
            ("other:1", "q", None, Reason.BELOW_MINIMUM),
            Cell("other:1", "q", reason=Reason.BELOW_MINIMUM),
        ),
    ]
    for arguments, checked in cases:
        decided = decided_cell(*arguments)
        assert decided == checked
        assert hash(decided) == hash(checked)
        with pytest.raises(dataclasses.FrozenInstanceError):
            decided.n = 3  # type: ignore[misc]


def test_two_decisions_for_one_cell_are_refused() -> None:
    with pytest.raises(ValueError, match="two decisions"):
        PublicationPlan(
            k=5,
            k_comments=10,
            cells=[Cell(1, "responses", n=5), Cell(1, "responses", n=6)],
            usefulness=Usefulness(1, 1, 1),
        )


def test_usefulness_of_an_empty_plan() -> None:
    assert Usefulness(0, 0, 0).share_published == 0.0
    assert Usefulness(0, 0, 0).share_primary_only == 0.0


def test_plan_is_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(sample())


@pytest.mark.parametrize(
    "change",
    [
        {"format": 2},
        {"k": "5"},
        {"k": True},
        {"usefulness": []},
        {"cells": {}},
        {"cells": [[1, "responses", 5]]},
        {"cells": [[1, 2, 5, None, None]]},
        {"cells": [[1, "responses", None, "made_up", None]]},
        {"cells": [[1, "q:x", 5, None, {"agree": True}]]},
        {"cells": [[1, "q:x", 5, None, {"agree": "3"}]]},
        {"cells": [[1, "q:x", 5, None, [["agree", 3]]]]},
        {"cells": [[1, "responses", 5, None, None, False]]},
        {"cells": [[1, "responses", 5, None, None, True, True]]},
        {"cells": [[1, "responses", None, "below_minimum", None, True]]},
        {"rollups": [{"node": 1, "parent_id": 2, "label": "x", "unit_ids": []}]},
    ],
)
def test_malformed_stored_plans_are_refused(change: dict[str, object]) -> None:
    data = sample().to_dict() | change
    with pytest.raises(ValueError):
        PublicationPlan.from_dict(data)


def test_rollups_survive_the_round_trip() -> None:
    rollup = Rollup("other:2", 2, "other teams in u2", frozenset({4, 5}))
    plan = PublicationPlan(
        k=5,
        k_comments=10,
        cells=[Cell("other:2", "responses", n=6), Cell(1, "responses", reason=Reason.ROLLED_UP)],
        rollups=[rollup],
        usefulness=Usefulness(1, 0, 0),
    )
    again = PublicationPlan.from_dict(json.loads(plan.canonical_json()))
    assert again.rollups == (rollup,)
    assert again.n("other:2", "responses") == 6


def test_a_cell_repeating_the_last_release_survives_the_round_trip() -> None:
    repeated = Cell(1, "question:q1", 12, None, (("agree", 12),), is_from_last_release=True)
    plan = PublicationPlan(
        k=5,
        k_comments=10,
        cells=[repeated, Cell(2, "responses", 7)],
        usefulness=Usefulness(2, 2, 2),
    )
    stored = json.loads(plan.canonical_json())
    assert stored["cells"] == [
        [1, "question:q1", 12, None, {"agree": 12}, True],
        [2, "responses", 7, None, None],
    ]
    assert PublicationPlan.from_dict(stored).cell(1, "question:q1") == repeated


def test_only_a_published_cell_can_repeat_the_last_release() -> None:
    with pytest.raises(ValueError, match="only a published cell"):
        Cell(1, "responses", reason=Reason.CHANGED_TOO_LITTLE, is_from_last_release=True)
