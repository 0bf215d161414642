"""The fast tree x bands auditor agrees with the exhaustive one, leaks included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveyapp.domain.disclosure import PlanInput, Verdict, find_crossed_group, find_derivable_group
from surveyapp.domain.disclosure.breakdown import TreeState, crossed_atoms
from surveyapp.domain.disclosure.families import band_family, unit_sets
from surveyapp.domain.disclosure.tree import subtree_totals, unit_tree, with_rollups
from tests.domain.disclosure.support import is_derivable, plan_inputs


@st.composite
def audits(draw: st.DrawFn) -> tuple[PlanInput, TreeState, list[tuple[int, str]], int]:
    """A random input, random published tree cells and band cells, and a threshold."""
    plan_input = draw(plan_inputs(max_units=8))
    tree = unit_tree(plan_input.units)
    published = [draw(st.booleans()) for _ in tree.nodes]
    bands = plan_input.dimensions["d0"]
    index = {u: i for i, u in enumerate(tree.nodes)}
    shown = [(index[u], b) for u in plan_input.breakdown_at for b in bands if draw(st.booleans())]
    state = TreeState(
        tree=tree,
        with_rollups=with_rollups(tree, []),
        published=published,
        reasons=[None] * tree.size,
        totals=subtree_totals(tree, [plan_input.responses[int(u)] for u in tree.nodes]),
        pools={},
    )
    return plan_input, state, shown, draw(st.integers(2, 12))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(audits())
def test_fast_auditor_matches_exhaustive_one(
    case: tuple[PlanInput, TreeState, list[tuple[int, str]], int],
) -> None:
    plan_input, state, shown, threshold = case
    fast = find_crossed_group(crossed_atoms(plan_input, state, "d0", shown), threshold)
    tree_nodes = [n for n, ok in zip(state.tree.nodes, state.published, strict=True) if ok]
    family = band_family(
        plan_input,
        "d0",
        tree_nodes,
        [(int(state.tree.nodes[u]), b) for u, b in shown],
        unit_sets(plan_input, {}),
    )
    slow = find_derivable_group(family.cells, family.counts, threshold)
    assert fast.verdict is slow.verdict
    for found in (fast, slow):
        if found.verdict is Verdict.LEAK:
            assert 0 < found.people < threshold
            assert found.people == sum(family.counts[a] for a in found.group)
            assert is_derivable(family.cells, family.counts, found.group)
