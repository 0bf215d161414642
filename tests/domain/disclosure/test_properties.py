"""Property: over random trees, waves and thresholds, the exhaustive auditor finds nothing.

Four tests of 2,500 examples each, and three more of 600 to 1,000 with per-band question
results and joint counts: 12,200 generated plans per run (plus 1,000 sequences of two or three
live snapshots in test_history.py). Every family of every plan is audited exhaustively:
responses, each question's answerers, the comment pool, the unit tree with each dimension's
band cells, each question with its band-question cells, and the tree with every dimension's
band cells over joint atoms.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from surveyapp.domain.disclosure import PlanInput, Verdict, audit_plan, compute_plan
from tests.domain.disclosure.support import plan_inputs

MANY = settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_no_leak(plan_input: PlanInput) -> None:
    plan = compute_plan(plan_input)
    for cell in plan.published_cells():
        threshold = plan.k_comments if cell.measure.startswith("comments:") else plan.k
        assert cell.n is not None and cell.n >= threshold, cell
    for audit in audit_plan(plan, plan_input):
        assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)


@MANY
@given(plan_inputs())
def test_no_small_group_derivable_with_a_breakdown_at_the_organisation(
    plan_input: PlanInput,
) -> None:
    assert_no_leak(plan_input)


@MANY
@given(plan_inputs(dimensions=2))
def test_no_small_group_derivable_with_two_dimensions(plan_input: PlanInput) -> None:
    assert_no_leak(plan_input)


@MANY
@given(plan_inputs(nested=True))
def test_no_small_group_derivable_with_breakdowns_at_several_units(
    plan_input: PlanInput,
) -> None:
    assert_no_leak(plan_input)


@MANY
@given(plan_inputs(max_units=6, nested=True))
def test_no_small_group_derivable_in_small_trees(plan_input: PlanInput) -> None:
    assert_no_leak(plan_input)


@SOME
@given(plan_inputs(band_questions=True))
def test_no_small_group_derivable_with_band_question_results(plan_input: PlanInput) -> None:
    assert_no_leak(plan_input)


@FEWER
@given(plan_inputs(dimensions=2, joint=True, band_questions=True))
def test_no_small_group_derivable_with_two_dimensions_and_joint_counts(
    plan_input: PlanInput,
) -> None:
    assert_no_leak(plan_input)


@FEWER
@given(plan_inputs(max_units=8, dimensions=2, joint=True, nested=True, band_questions=True))
def test_no_small_group_derivable_with_joint_counts_at_several_units(
    plan_input: PlanInput,
) -> None:
    assert_no_leak(plan_input)
