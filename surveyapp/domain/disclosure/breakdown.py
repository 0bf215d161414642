"""Rule 3: demographic breakdowns, one dimension at a time, at the configured breakdown units.

Band cells first obey the rules along both dimensions: every band cell meets k, the unit's total
minus its published bands (unpublished bands, "prefer not to say" when hidden, and skipped
answers) is 0 or at least k, and a band's count at a breakdown unit minus the same band at the
nearest breakdown units below it is 0 or at least k. Those rules alone cannot see a leak through
the unit tree (every newly qualified worker in one team: that team's total minus the
organisation's newly-qualified cell is the team's few others), so the surviving cells are then
put to the auditor together with every published tree cell, and the dimension is withheld whole
unless the auditor proves it safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure.auditor import Verdict, find_derivable_group
from surveyapp.domain.disclosure.crossed_audit import DEFAULT_MAX_STEPS, find_crossed_group
from surveyapp.domain.disclosure.families import band_family, unit_sets
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import NodeId, Reason
from surveyapp.domain.disclosure.residual import is_safe_residual
from surveyapp.domain.disclosure.tree import Tree, deepest_published, subtree_totals

CROSSED_MAX_STEPS = DEFAULT_MAX_STEPS
FALLBACK_MAX_CLASSES = 200
FALLBACK_MAX_NODES = 200_000


@dataclass(frozen=True, slots=True)
class BandCell:
    unit_id: int
    dimension: str
    band: str
    n: int
    reason: Reason | None


@dataclass(frozen=True, slots=True)
class TreeState:
    """What the breakdown rules need to know of the settled unit tree."""

    tree: Tree
    with_rollups: Tree
    published: Sequence[bool]
    reasons: Sequence[Reason | None]
    totals: Sequence[int]
    pools: dict[str, tuple[int, ...]]


def plan_breakdowns(plan_input: PlanInput, state: TreeState) -> list[BandCell]:
    decided: list[BandCell] = []
    for dimension in plan_input.dimensions:
        decided.extend(_dimension(plan_input, state, dimension))
    return decided


def _dimension(plan_input: PlanInput, state: TreeState, dimension: str) -> list[BandCell]:
    tree, k = state.tree, plan_input.k
    bands = plan_input.dimensions[dimension]
    index = {node: i for i, node in enumerate(tree.nodes)}
    at = [index[unit_id] for unit_id in plan_input.breakdown_at]
    totals = {
        b: subtree_totals(
            tree, [plan_input.band_counts.get((int(u), dimension, b), 0) for u in tree.nodes]
        )
        for b in bands
    }
    reason: dict[tuple[int, str], Reason | None] = {}
    for unit in at:
        for b in bands:
            if totals[b][unit] < k:
                reason[unit, b] = Reason.BELOW_MINIMUM
            else:
                reason[unit, b] = state.reasons[unit]
    while (victim := _next_victim(tree, state.totals, at, bands, totals, reason, k)) is not None:
        reason[victim] = Reason.PROTECTS_ANOTHER_CELL
    shown = [cell for cell, why in reason.items() if why is None]
    if shown and not _proven_safe(plan_input, state, dimension, shown):
        for cell in shown:
            reason[cell] = Reason.BREAKDOWN_WITHHELD
    return [
        BandCell(int(tree.nodes[unit]), dimension, b, totals[b][unit], reason[unit, b])
        for unit in at
        for b in bands
    ]


def _next_victim(
    tree: Tree,
    unit_totals: Sequence[int],
    at: list[int],
    bands: Sequence[str],
    totals: dict[str, list[int]],
    reason: dict[tuple[int, str], Reason | None],
    k: int,
) -> tuple[int, str] | None:
    """The next band cell to hide, or None once both residual rules hold."""
    for unit in at:
        shown = [b for b in bands if reason[unit, b] is None]
        residual = unit_totals[unit] - sum(totals[b][unit] for b in shown)
        if shown and not is_safe_residual(residual, k):
            return unit, min(shown, key=lambda b: (totals[b][unit], b))
    for b in bands:
        shown_units = [unit for unit in at if reason[unit, b] is None]
        for unit in shown_units:
            below = _nearest_below(tree, unit, shown_units)
            if not is_safe_residual(totals[b][unit] - sum(totals[b][d] for d in below), k):
                return min(below, key=lambda d: (totals[b][d], d)), b
    return None


def _nearest_below(tree: Tree, unit: int, candidates: list[int]) -> list[int]:
    def chain(node: int) -> list[int]:
        up: list[int] = []
        while tree.parent[node] >= 0:
            node = tree.parent[node]
            up.append(node)
        return up

    below = [c for c in candidates if unit in chain(c)]
    return [c for c in below if not any(other in chain(c) for other in below)]


def _proven_safe(
    plan_input: PlanInput, state: TreeState, dimension: str, shown: list[tuple[int, str]]
) -> bool:
    """Fast exact audit of tree x bands; if that runs out of budget, a bounded general one."""
    atoms = crossed_atoms(plan_input, state, dimension, shown)
    verdict = find_crossed_group(atoms, plan_input.k, max_steps=CROSSED_MAX_STEPS)
    if verdict.verdict is not Verdict.UNDECIDED:
        return verdict.is_proven_safe
    full, tree = state.with_rollups, state.tree
    published_nodes: list[NodeId] = [
        n for n, ok in zip(full.nodes, state.published, strict=True) if ok
    ]
    family = band_family(
        plan_input,
        dimension,
        published_nodes,
        [(int(tree.nodes[u]), b) for u, b in shown],
        unit_sets(plan_input, state.pools),
    )
    return find_derivable_group(
        family.cells,
        family.counts,
        family.threshold,
        max_classes=FALLBACK_MAX_CLASSES,
        max_nodes=FALLBACK_MAX_NODES,
    ).is_proven_safe


CrossedAtom = tuple[tuple[int, str | None], int | None, int | None, int]


def crossed_atoms(
    plan_input: PlanInput, state: TreeState, dimension: str, shown: list[tuple[int, str]]
) -> list[CrossedAtom]:
    """Each (unit, band) atom with its piece (deepest published tree cell) and band node.

    A band node is numbered from the breakdown unit that owns the atom for that band (the
    deepest one above it whose cell for the band is shown); skipped answers and bands shown
    nowhere above the unit go to the anchor (None), as do units no tree cell covers.
    """
    tree, full = state.tree, state.with_rollups
    bands = plan_input.dimensions[dimension]
    band_index = {b: i for i, b in enumerate(bands)}
    piece = deepest_published(full, state.published)
    owner: dict[str, list[int]] = {}
    shown_set = set(shown)
    for b in bands:
        region = [-1] * tree.size
        for node in reversed(tree.postorder):
            up = tree.parent[node]
            region[node] = node if (node, b) in shown_set else (region[up] if up >= 0 else -1)
        owner[b] = region
    atoms: list[CrossedAtom] = []
    for node in range(tree.size):
        unit_id = int(tree.nodes[node])
        holder = piece[node] if piece[node] >= 0 else None
        banded = 0
        for b in bands:
            count = plan_input.band_counts.get((unit_id, dimension, b), 0)
            banded += count
            owned_by = owner[b][node]
            band_node = owned_by * len(bands) + band_index[b] if owned_by >= 0 else None
            atoms.append(((unit_id, b), holder, band_node, count))
        skipped = plan_input.responses.get(unit_id, 0) - banded
        atoms.append(((unit_id, None), holder, None, skipped))
    return atoms
