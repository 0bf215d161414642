"""Several demographic dimensions: one at a time without joint counts, audited together with."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveyapp.domain.disclosure import (
    AuditResult,
    PlanInput,
    PublicationPlan,
    Reason,
    Verdict,
    audit_plan,
    compute_plan,
    find_crossed_group,
    find_derivable_group,
    find_joint_group,
    measures,
)
from surveyapp.domain.disclosure.breakdown import dimensions
from surveyapp.domain.disclosure.crossed_audit import crossed_verdict
from surveyapp.domain.disclosure.families import joint_band_family, unit_sets
from tests.domain.disclosure.support import is_derivable, tree

# org 1 > services 2 and 6; service 2 > teams 3, 4
UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (6, 1))
Combination = tuple[tuple[str, str], ...]
ROLE_NQ = measures.band("role", "nq")
ROLE_SW = measures.band("role", "sw")
NEW = measures.band("service", "new")
OLD = measures.band("service", "old")


def people(**groups: int) -> dict[tuple[int, Combination], int]:
    """Joint counts from names like u3_nq_new=5 (unit 3, role nq, service new); '-' skips."""
    joint: dict[tuple[int, Combination], int] = {}
    for name, count in groups.items():
        unit, role, service = name.split("_")
        pairs = []
        if role != "x":
            pairs.append(("role", role))
        if service != "x":
            pairs.append(("service", service))
        joint[int(unit[1:]), tuple(pairs)] = count
    return joint


def plan_for(
    joint: dict[tuple[int, Combination], int], *, with_joint: bool = True, **extra: object
) -> tuple[PlanInput, PublicationPlan]:
    responses: dict[int, int] = {}
    bands: dict[tuple[int, str, str], int] = {}
    for (unit, combination), count in joint.items():
        responses[unit] = responses.get(unit, 0) + count
        for dimension, band_name in combination:
            bands[unit, dimension, band_name] = bands.get((unit, dimension, band_name), 0) + count
    plan_input = PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses=responses,
        band_counts=bands,
        joint_band_counts=joint if with_joint else {},
        **extra,  # type: ignore[arg-type]
    )
    plan = compute_plan(plan_input)
    for audit in audit_plan(plan, plan_input):
        assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
    return plan_input, plan


# 32 people: newly qualified all new in post but for none; service bands well mixed
SAFE = people(u3_nq_new=5, u3_sw_old=5, u4_sw_new=5, u4_sw_old=5, u6_nq_new=6, u6_sw_old=6)
# newly qualified (11) are all new in post, and so are just 2 others (13 new): new - nq = 2
LEAKY = people(u3_nq_new=5, u3_sw_old=5, u4_sw_old=8, u4_sw_new=2, u6_nq_new=6, u6_sw_old=6)


def test_without_joint_counts_only_the_first_dimension_is_shown() -> None:
    _, plan = plan_for(SAFE, with_joint=False)
    assert plan.n(1, ROLE_NQ) == 11
    assert plan.cell(1, NEW).reason is Reason.BREAKDOWN_WITHHELD
    assert plan.cell(1, OLD).reason is Reason.BREAKDOWN_WITHHELD


def test_the_leak_between_two_dimensions_is_real() -> None:
    """What the rule prevents: with both shown, new in post minus newly qualified is 2."""
    plan_input, _ = plan_for(LEAKY)
    family = joint_band_family(
        plan_input,
        [1, 2, 3, 4, 6],
        [("role", 1, "nq"), ("service", 1, "new")],
        unit_sets(plan_input, {}),
    )
    found = find_derivable_group(family.cells, family.counts, 5)
    assert found.people == 2
    assert found.group == {(4, (("role", "sw"), ("service", "new")))}


def test_priority_chooses_the_dimension_shown() -> None:
    _, plan = plan_for(SAFE, with_joint=False, breakdown_dimensions=("service",))
    assert plan.n(1, NEW) == 16
    assert plan.cell(1, ROLE_NQ).reason is Reason.BREAKDOWN_WITHHELD


def test_a_first_dimension_with_nothing_to_show_makes_way() -> None:
    # every role band is below k: the service dimension is the one shown
    few = people(u3_a_new=4, u3_b_old=4, u4_c_new=4, u4_d_old=4, u6_e_new=4, u6_f_old=4)
    _, plan = plan_for(few, with_joint=False)
    assert plan.cell(1, measures.band("role", "a")).reason is Reason.BELOW_MINIMUM
    assert plan.n(1, NEW) == 12


def test_with_joint_counts_two_safe_dimensions_are_both_shown() -> None:
    _, plan = plan_for(SAFE)
    assert plan.n(1, ROLE_NQ) == 11
    assert plan.n(1, ROLE_SW) == 21
    assert plan.n(1, NEW) == 16
    assert plan.n(1, OLD) == 16


def test_joint_counts_find_the_leak_and_withhold_the_later_dimension() -> None:
    _, plan = plan_for(LEAKY)
    assert plan.n(1, ROLE_NQ) == 11
    assert plan.cell(1, NEW).reason is Reason.BREAKDOWN_WITHHELD
    _, plan = plan_for(LEAKY, breakdown_dimensions=("service", "role"))
    assert plan.n(1, NEW) == 13
    assert plan.cell(1, ROLE_NQ).reason is Reason.BREAKDOWN_WITHHELD


def test_joint_gate_fails_closed_when_out_of_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dimensions, "JOINT_MAX_STEPS", 0)
    _, plan = plan_for(SAFE)
    assert plan.n(1, ROLE_NQ) == 11
    assert plan.cell(1, OLD).reason is Reason.BREAKDOWN_WITHHELD


def test_joint_auditor_basics() -> None:
    # a piece smaller than the threshold is derivable on its own
    assert find_joint_group([("a", 0, (), 3), ("b", 1, (), 9)], 5) == AuditResult(
        Verdict.LEAK, frozenset({"a"}), 3
    )
    # band 7 minus band 8 inside one piece leaves the two with band 7 only
    atoms = [("both", 0, (7, 8), 6), ("seven", 0, (7,), 2), ("none", 0, (), 9)]
    found = find_joint_group(atoms, 5)
    assert found.verdict is Verdict.LEAK and found.people == 2 and found.group == {"seven"}
    # uncovered units: a band cell over them alone is the group
    assert find_joint_group([("x", None, (3,), 2), ("y", 0, (3,), 9)], 5).people == 2
    assert find_joint_group([("x", None, (), 2), ("y", 0, (3,), 9)], 5).is_proven_safe
    assert find_joint_group([], 5).is_proven_safe
    big = [("both", 0, (7, 8), 6), ("seven", 0, (7,), 6), ("none", 0, (), 9)]
    assert find_joint_group(big, 5).is_proven_safe
    assert find_joint_group(big, 5, max_steps=1).verdict is Verdict.UNDECIDED
    assert find_joint_group(big, 5, max_steps=4).verdict is Verdict.UNDECIDED


@st.composite
def joint_instances(
    draw: st.DrawFn,
) -> tuple[list[tuple[tuple[int, int], int | None, tuple[int, ...], int]], int]:
    """Random atoms: up to 6 units in up to 3 pieces (or uncovered), each with a few
    combinations of up to three dimensions' bands, some of them shown as band nodes."""
    units = draw(st.integers(1, 6))
    dims = draw(st.integers(1, 3))
    shown = draw(st.lists(st.booleans(), min_size=3 * dims, max_size=3 * dims))
    atoms = []
    for unit in range(units):
        piece = draw(st.sampled_from([None, 0, 1, 2]))
        for _ in range(draw(st.integers(1, 4))):
            nodes = tuple(
                3 * d + band
                for d in range(dims)
                if (band := draw(st.integers(0, 3))) < 3 and shown[3 * d + band]
            )
            count = draw(st.sampled_from([0, 1, 2, 3, 5, 6, 8]))
            atoms.append(((unit, len(atoms)), piece, nodes, count))
    return atoms, draw(st.integers(2, 8))


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(joint_instances())
def test_joint_auditor_matches_the_exhaustive_one(
    case: tuple[list[tuple[tuple[int, int], int | None, tuple[int, ...], int]], int],
) -> None:
    atoms, threshold = case
    counts = {label: count for label, _, _, count in atoms}
    cells = [
        frozenset(label for label, p, _, _ in atoms if p == piece)
        for piece in {p for _, p, _, _ in atoms if p is not None}
    ]
    cells += [
        frozenset(label for label, _, nodes, _ in atoms if node in nodes)
        for node in {n for _, _, nodes, _ in atoms for n in nodes}
    ]
    fast = find_joint_group(atoms, threshold)
    slow = find_derivable_group(cells, counts, threshold)
    assert fast.verdict is slow.verdict
    if fast.verdict is Verdict.LEAK:
        assert 0 < fast.people < threshold
        assert fast.people == sum(counts[a] for a in fast.group)
        assert is_derivable(cells, counts, fast.group)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 20),
            st.sampled_from([None, 0, 1, 2, 3]),
            st.sampled_from([None, 0, 1, 2]),
            st.integers(0, 8),
        ),
        max_size=14,
    ),
    st.integers(2, 8),
)
def test_crossed_verdict_matches_the_labelled_search(
    atoms: list[tuple[int, int | None, int | None, int]], threshold: int
) -> None:
    """The summed entry point gives the verdict of the labelled one on the same atoms."""
    links: dict[int, dict[int, int]] = {}
    to_anchor: dict[int, int] = {}
    anchor_links: dict[int, int] = {}
    for _, piece, node, count in atoms:
        if piece is None and node is not None:
            anchor_links[node] = anchor_links.get(node, 0) + count
        elif piece is not None and node is None:
            to_anchor[piece] = to_anchor.get(piece, 0) + count
        elif piece is not None and node is not None:
            links.setdefault(piece, {})[node] = links.get(piece, {}).get(node, 0) + count
    expected = find_crossed_group(atoms, threshold).verdict
    assert crossed_verdict(links, to_anchor, anchor_links, threshold) is expected
