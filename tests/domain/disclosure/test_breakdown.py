"""Demographic breakdowns: band rules along both dimensions, and the auditor gate."""

from __future__ import annotations

import pytest

from surveyapp.domain.disclosure import PlanInput, Reason, Verdict, audit_plan, compute_plan
from surveyapp.domain.disclosure.breakdown import atoms, dimensions
from surveyapp.domain.disclosure.measures import band
from tests.domain.disclosure.support import PNTS, tree

# org 1 > services 2 and 6; service 2 > teams 3, 4
UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (6, 1))
RESPONSES = {3: 10, 4: 10, 6: 12}


def plan_for(
    band_counts: dict[tuple[int, str, str], int],
    responses: dict[int, int] = RESPONSES,
    breakdown_units: frozenset[int] | None = None,
) -> PlanInput:
    return PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses=responses,
        band_counts=band_counts,
        breakdown_units=breakdown_units,
    )


def assert_safe(plan_input: PlanInput) -> None:
    for audit in audit_plan(compute_plan(plan_input), plan_input):
        assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)


def test_a_safe_breakdown_is_published_at_the_organisation() -> None:
    counts = {(3, "nq", "yes"): 5, (3, "nq", "no"): 5, (4, "nq", "no"): 10, (6, "nq", "yes"): 6}
    counts |= {(6, "nq", "no"): 6}
    plan_input = plan_for(counts)
    plan = compute_plan(plan_input)
    assert plan.n(1, band("nq", "yes")) == 11
    assert plan.n(1, band("nq", "no")) == 21
    assert_safe(plan_input)


def test_every_newly_qualified_worker_in_one_team_withholds_the_breakdown() -> None:
    # Team 3 (10) minus the organisation's NQ cell (7, all in team 3) reveals team 3's other 3.
    counts = {(3, "nq", "yes"): 7, (3, "nq", "no"): 3, (4, "nq", "no"): 10, (6, "nq", "no"): 12}
    plan_input = plan_for(counts)
    plan = compute_plan(plan_input)
    assert plan.cell(1, band("nq", "yes")).reason is Reason.BREAKDOWN_WITHHELD
    assert plan.cell(1, band("nq", "no")).reason is Reason.BREAKDOWN_WITHHELD
    assert plan.n(3, "responses") == 10
    assert_safe(plan_input)


def test_the_leak_is_real_without_the_gate() -> None:
    """What the gate prevents: the auditor finds team 3's three others if NQ were shown."""
    counts = {(3, "nq", "yes"): 7, (3, "nq", "no"): 3, (4, "nq", "no"): 10, (6, "nq", "no"): 12}
    plan_input = plan_for(counts)
    plan = compute_plan(plan_input)
    state_cells = [c for c in plan.published_cells() if c.measure == "responses"]
    assert {c.node for c in state_cells} == {1, 2, 3, 4, 6}
    from surveyapp.domain.disclosure import find_derivable_group
    from surveyapp.domain.disclosure.families import band_family, unit_sets

    family = band_family(
        plan_input, "nq", [c.node for c in state_cells], [(1, "yes")], unit_sets(plan_input, {})
    )
    found = find_derivable_group(family.cells, family.counts, 5)
    assert found.verdict is Verdict.LEAK
    assert found.people == 3
    assert found.group == {(3, "no")}


def test_prefer_not_to_say_is_a_band_like_any_other() -> None:
    # bands a=12, b=8, prefer-not-to-say=4 (hidden), 8 skipped: residual 12 is fine.
    counts = {(3, "role", "a"): 6, (3, "role", "b"): 4, (4, "role", "a"): 6, (4, "role", PNTS): 4}
    counts |= {(6, "role", "b"): 4}
    plan_input = plan_for(counts)
    plan = compute_plan(plan_input)
    assert plan.cell(1, band("role", PNTS)).reason is Reason.BELOW_MINIMUM
    assert plan.n(1, band("role", "a")) == 12
    assert plan.n(1, band("role", "b")) == 8
    assert_safe(plan_input)


def test_band_residual_hides_the_smallest_band() -> None:
    # a=14, b=14, prefer-not-to-say=4 and no skips: the total minus a and b would show the 4.
    counts = {(3, "role", "a"): 5, (3, "role", "b"): 5, (4, "role", "a"): 5, (4, "role", "b"): 5}
    counts |= {(6, "role", "a"): 4, (6, "role", "b"): 4, (6, "role", PNTS): 4}
    plan_input = plan_for(counts)
    plan = compute_plan(plan_input)
    assert plan.cell(1, band("role", PNTS)).reason is Reason.BELOW_MINIMUM
    assert plan.cell(1, band("role", "a")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, band("role", "b")) == 14
    assert_safe(plan_input)


def test_band_residual_along_the_tree_between_breakdown_units() -> None:
    # Breakdowns at the organisation and service 2. Band a: 12 in the organisation, 10 of them
    # in service 2, so showing both would reveal the 2 elsewhere; the same for band b.
    counts = {(3, "role", "a"): 5, (3, "role", "b"): 5, (4, "role", "a"): 5, (4, "role", "b"): 5}
    counts |= {(6, "role", "a"): 2, (6, "role", "b"): 2}
    plan_input = plan_for(
        counts, responses={1: 6, 3: 13, 4: 13, 6: 4}, breakdown_units=frozenset({1, 2})
    )
    plan = compute_plan(plan_input)
    assert plan.cell(2, band("role", "a")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.cell(2, band("role", "b")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, band("role", "a")) == 12
    assert plan.n(1, band("role", "b")) == 12
    assert_safe(plan_input)


def test_breakdown_cells_at_a_hidden_unit_take_its_reason() -> None:
    counts = {(6, "role", "a"): 3, (3, "role", "a"): 10, (4, "role", "a"): 10}
    plan_input = plan_for(counts, responses={3: 10, 4: 10, 6: 3}, breakdown_units=frozenset({6}))
    plan = compute_plan(plan_input)
    assert plan.cell(6, band("role", "a")).reason is Reason.BELOW_MINIMUM
    counts[6, "role", "a"] = 6
    plan_input = plan_for(
        counts, responses={1: 2, 3: 10, 4: 10, 6: 7}, breakdown_units=frozenset({1, 6})
    )
    plan = compute_plan(plan_input)
    assert plan.cell(6, "responses").reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.cell(6, band("role", "a")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert_safe(plan_input)


def test_bounded_fallback_decides_when_the_fast_auditor_runs_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counts = {(3, "nq", "yes"): 5, (3, "nq", "no"): 5, (4, "nq", "no"): 10, (6, "nq", "yes"): 6}
    counts |= {(6, "nq", "no"): 6}
    monkeypatch.setattr(atoms, "CROSSED_MAX_STEPS", 0)
    plan = compute_plan(plan_for(counts))
    assert plan.n(1, band("nq", "yes")) == 11


def test_breakdown_withheld_when_nothing_can_prove_it_safe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counts = {(3, "nq", "yes"): 5, (3, "nq", "no"): 5, (4, "nq", "no"): 10, (6, "nq", "yes"): 6}
    counts |= {(6, "nq", "no"): 6}
    monkeypatch.setattr(atoms, "CROSSED_MAX_STEPS", 0)
    monkeypatch.setattr(dimensions, "FALLBACK_MAX_CLASSES", 1)
    plan = compute_plan(plan_for(counts))
    assert plan.cell(1, band("nq", "yes")).reason is Reason.BREAKDOWN_WITHHELD
