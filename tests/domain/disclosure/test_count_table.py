"""Answer counts kept as one array (``CountTable``): the same mapping, checks and plans as the
dicts they stand for."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from surveyapp.domain.disclosure import PlanInput, compute_plan
from surveyapp.domain.disclosure.count_table import CountTable
from tests.domain.disclosure.support import plan_inputs


def table_of(options: dict[tuple[int, str], dict[str, int]], extra_unit: int) -> CountTable:
    """The counts of ``options`` as a table, with a unit that answered nothing and an answer
    nobody gave, as counting a wave's records makes them."""
    units = sorted({unit for unit, _ in options} | {extra_unit})
    keys = sorted({key for _, key in options})
    answers = [sorted({a for (_, k), c in options.items() if k == key for a in c}) for key in keys]
    answers = [[*names, "nobody"] for names in answers]
    counts = np.zeros((len(units), len(keys), max(map(len, answers), default=0)), dtype=np.int64)
    for (unit, key), counted in options.items():
        k = keys.index(key)
        for answer, n in counted.items():
            counts[units.index(unit), k, answers[k].index(answer)] = n
    return CountTable(units, keys, answers, counts)


def with_table(plan_input: PlanInput) -> tuple[PlanInput, PlanInput]:
    """The input fed its answer counts as a table, and as plain dicts of the same counts."""
    table = table_of(dict(plan_input.question_options), plan_input.root_id)
    answered = table.totals()
    fed_table = dataclasses.replace(plan_input, question_options=table, question_answered=answered)
    fed_dicts = dataclasses.replace(
        plan_input,
        question_options={group: dict(counted) for group, counted in table.items()},
        question_answered=dict(answered),
    )
    return fed_table, fed_dicts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_inputs(dimensions=2, band_questions=True))
def test_a_plan_fed_a_table_is_the_plan_fed_its_dicts(plan_input: PlanInput) -> None:
    fed_table, fed_dicts = with_table(plan_input)
    table = fed_table.question_options
    assert isinstance(table, CountTable)
    nonzero = {
        group: {a: n for a, n in counted.items() if n}
        for group, counted in plan_input.question_options.items()
        if any(counted.values())
    }
    assert dict(table) == nonzero
    assert list(table) == sorted(nonzero)  # by unit, then question, as records are counted
    assert table.holds(fed_table.unit_ids, fed_table.responses, fed_table.question_answered)
    assert compute_plan(fed_table).canonical_json() == compute_plan(fed_dicts).canonical_json()
    if table:  # one group's total one off: refused, saying which, as with dicts
        group = next(iter(table))
        wrong = {**fed_table.question_answered, group: fed_table.question_answered[group] + 1}
        with pytest.raises(ValueError, match=f"{group[1]} .*unit {group[0]}"):
            dataclasses.replace(fed_table, question_answered=wrong)


def small_table(counts: list[list[list[int]]]) -> CountTable:
    return CountTable([1, 2], ["q1"], [("agree", "disagree")], np.array(counts, dtype=np.int64))


def test_a_table_that_does_not_hold_is_refused_with_the_count_that_is_wrong() -> None:
    good = small_table([[[2, 1]], [[0, 4]]])
    units = frozenset({1, 2})
    assert good.holds(units, {1: 3, 2: 4}, {(1, "q1"): 3, (2, "q1"): 4})
    assert not good.holds(units, {1: 3, 2: 4}, {(1, "q1"): 3, (2, "q1"): 5})
    assert not good.holds(units, {1: 2, 2: 4}, {(1, "q1"): 3, (2, "q1"): 4})  # over responses
    assert not good.holds(frozenset({1}), {1: 3, 2: 4}, {(1, "q1"): 3, (2, "q1"): 4})
    assert not small_table([[[2, -1]], [[0, 4]]]).holds(units, {1: 3, 2: 4}, {})
    cancelling = small_table([[[1, -1]], [[0, 4]]])  # a wrong count its group's total hides
    assert dict(cancelling) == {(1, "q1"): {"agree": 1, "disagree": -1}, (2, "q1"): {"disagree": 4}}
    with pytest.raises(ValueError, match="do not match"):
        CountTable([1], ["q1"], [("agree",)], np.zeros((2, 1, 1), dtype=np.int64))
