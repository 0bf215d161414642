"""Hand-made cases for the primary, residual and rollup rules, each checked by the auditor."""

from __future__ import annotations

import pytest

from surveyapp.domain.disclosure import (
    PlanInput,
    PublicationPlan,
    Reason,
    SuppressedCellError,
    Verdict,
    audit_plan,
    compute_plan,
    measures,
)
from tests.domain.disclosure.support import simple_input, tree

Q1 = measures.question("q1")
# org 1 > services 2 and 6; service 2 > teams 3, 4, 5
UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (5, 2), (6, 1))


def audited(plan_input: PlanInput) -> PublicationPlan:
    plan = compute_plan(plan_input)
    for audit in audit_plan(plan, plan_input):
        assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
    return plan


def decisions(plan: PublicationPlan, measure: str = measures.RESPONSES) -> dict[object, object]:
    return {
        cell.node: cell.n if cell.is_published else str(cell.reason)
        for cell in plan.cells()
        if cell.measure == measure
    }


def test_cells_below_k_are_suppressed_and_expose_no_n() -> None:
    plan = audited(simple_input(UNITS, {3: 10, 4: 0, 5: 4, 6: 12}))
    assert plan.cell(5, measures.RESPONSES).reason is Reason.BELOW_MINIMUM
    assert plan.cell(5, measures.RESPONSES).n is None
    with pytest.raises(SuppressedCellError):
        plan.n(5, measures.RESPONSES)
    assert plan.n(6, measures.RESPONSES) == 12


def test_parent_minus_all_but_one_child_is_protected() -> None:
    # Service 2 = team 3 (10) + team 5 (2): showing 2 and 3 would reveal team 5's two people.
    plan = audited(simple_input(UNITS, {3: 10, 5: 2, 6: 12}))
    assert decisions(plan) == {
        1: 24,
        2: 12,
        3: "protects_another_cell",
        4: "below_minimum",
        5: "below_minimum",
        6: 12,
    }
    assert plan.rollups == ()


def test_direct_respondents_of_a_service_count_as_a_hidden_child() -> None:
    plan = audited(simple_input(UNITS, {2: 3, 3: 10, 4: 10, 6: 12}))
    assert decisions(plan)[3] == "protects_another_cell"
    assert decisions(plan)[4] == 10
    assert plan.n(2, measures.RESPONSES) == 23


def test_smallest_published_sibling_is_the_one_hidden() -> None:
    plan = audited(simple_input(UNITS, {2: 2, 3: 30, 4: 7, 5: 9, 6: 12}))
    assert decisions(plan)[4] == "protects_another_cell"
    assert {decisions(plan)[3], decisions(plan)[5]} == {30, 9}


def test_a_skip_breaks_the_residual_for_that_question_only() -> None:
    responses = {2: 5, 3: 10, 4: 10, 6: 12}
    answered = {(u, "q1"): n for u, n in responses.items()} | {(2, "q1"): 2}
    answered |= {(u, "q2"): n for u, n in responses.items()}
    plan_input = PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses=responses,
        question_answered=answered,
        themes={"t": ("q1", "q2")},
    )
    plan = audited(plan_input)
    assert all(isinstance(n, int) for n in decisions(plan).values() if n != "below_minimum")
    assert decisions(plan, measures.question("q2"))[3] == 10
    assert decisions(plan, Q1)[3] == "protects_another_cell"
    assert decisions(plan, Q1)[2] == 22
    assert plan.cell(3, measures.theme("t")).reason is Reason.QUESTION_WITHHELD
    assert plan.n(4, measures.theme("t")) == 10


def test_comment_pools_use_k_comments_and_the_same_residual_rule() -> None:
    comments = {(3, "c"): 10, (4, "c"): 12, (6, "c"): 3}
    plan = audited(
        simple_input(UNITS, {3: 20, 4: 20, 6: 12}, k=5, k_comments=10, comment_counts=comments)
    )
    pool = measures.comments("c")
    # organisation (25) minus service 2 (22) would be service 6's three comments; the service is
    # exactly its two teams, so hiding the organisation's pool is the single cheapest repair.
    assert decisions(plan, pool) == {
        1: "protects_another_cell",
        2: 22,
        3: 10,
        4: 12,
        5: "comments_below_minimum",
        6: "comments_below_minimum",
    }


def test_a_cell_hidden_for_responses_hides_its_questions_too() -> None:
    plan = audited(simple_input(UNITS, {3: 10, 5: 2, 6: 12}))
    assert plan.cell(3, Q1).reason is Reason.PROTECTS_ANOTHER_CELL


def test_rollup_cell_appears_when_it_helps() -> None:
    plan = audited(simple_input(UNITS, {3: 10, 4: 3, 5: 3, 6: 12}))
    rollup = plan.rollup(2)
    assert rollup is not None
    assert rollup.label == "other teams in u2"
    assert rollup.unit_ids == {4, 5}
    assert plan.n(rollup.node, measures.RESPONSES) == 6
    assert plan.n(rollup.node, Q1) == 6
    assert plan.cell(4, measures.RESPONSES).reason is Reason.ROLLED_UP
    assert plan.cell(4, Q1).reason is Reason.BELOW_MINIMUM
    assert plan.rollup(6) is None


def test_rollup_pools_a_unit_hidden_to_protect_a_sibling() -> None:
    plan = audited(simple_input(UNITS, {3: 10, 4: 8, 5: 2, 6: 12}))
    rollup = plan.rollup(2)
    assert rollup is not None and rollup.unit_ids == {4, 5}
    assert plan.n(rollup.node, measures.RESPONSES) == 10
    assert plan.cell(4, measures.RESPONSES).reason is Reason.ROLLED_UP


def test_no_rollup_when_it_would_expose_the_parents_own_respondents() -> None:
    plan = audited(simple_input(UNITS, {2: 2, 3: 10, 4: 3, 5: 3, 6: 12}))
    assert plan.rollup(2) is None
    assert plan.n(2, measures.RESPONSES) == 18


def test_no_rollup_of_every_child() -> None:
    plan = audited(simple_input(UNITS, {3: 3, 4: 3, 5: 3, 6: 12}))
    assert plan.rollup(2) is None


def test_a_deep_chain_of_fully_covered_cells_is_repaired() -> None:
    # 1 > 2 > 3 > 4, all respondents in 4, plus 2 in a sibling team 5 of the root.
    units = tree((1, None), (2, 1), (3, 2), (4, 3), (5, 1))
    plan = audited(simple_input(units, {4: 10, 5: 2}))
    shown = [node for node, n in decisions(plan).items() if isinstance(n, int)]
    assert shown == [2, 3, 4]
    assert plan.cell(1, measures.RESPONSES).reason is Reason.PROTECTS_ANOTHER_CELL


def test_repair_walks_down_when_the_parent_has_a_published_ancestor() -> None:
    # 1 > 2 > 3 > 4 and 2 > 5: unit 2 (12) minus unit 3 (10, all in 4) is unit 5's two.
    units = tree((1, None), (2, 1), (3, 2), (4, 3), (5, 2), (6, 1))
    plan = audited(simple_input(units, {4: 10, 5: 2, 6: 20}))
    assert decisions(plan) == {
        1: 32,
        2: 12,
        3: "protects_another_cell",
        4: "protects_another_cell",
        5: "below_minimum",
        6: 20,
    }


def test_repair_looks_past_a_hidden_ancestor_for_a_published_one() -> None:
    # Responses hide service 2 (to protect the organisation's own 2), so for q1 the nearest
    # published ancestor of unit 3 is the organisation: unit 3 (12 answers) minus unit 4 (10,
    # all in unit 7) would reveal unit 3's two own answers, and is repaired below unit 3.
    units = tree((1, None), (2, 1), (3, 2), (4, 3), (7, 4), (5, 2), (6, 1))
    responses = {1: 2, 2: 5, 3: 5, 7: 10, 5: 6, 6: 30}
    plan_input = simple_input(
        units,
        responses,
        question_answered={(u, "q1"): n for u, n in responses.items()} | {(3, "q1"): 2},
    )
    plan = audited(plan_input)
    assert decisions(plan)[2] == "protects_another_cell"
    assert decisions(plan, Q1) == {
        1: 55,
        2: "protects_another_cell",
        3: 12,
        4: "protects_another_cell",
        5: 6,
        6: 30,
        7: "protects_another_cell",
    }


def test_usefulness_compares_primary_only_with_the_plan() -> None:
    plan = audited(simple_input(UNITS, {3: 10, 5: 2, 6: 12}))
    useful = plan.usefulness
    assert useful.candidate_cells == 12
    assert useful.published_primary_only == 8
    assert useful.published == 6
    assert useful.share_primary_only == pytest.approx(8 / 12)
    assert useful.share_published == pytest.approx(6 / 12)
