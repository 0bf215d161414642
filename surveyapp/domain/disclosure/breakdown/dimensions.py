"""The per-dimension rules of a breakdown, and which dimensions are shown together.

Each dimension's band cells obey the residual rules, then go to the auditor with every
published tree cell; without joint counts only the first dimension with any cell left is
shown, with them the rest are audited together (see the package note).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.auditor import Verdict, find_derivable_group
from surveyapp.domain.disclosure.breakdown.atoms import band_owners, joint_atoms, summed_verdict
from surveyapp.domain.disclosure.breakdown.questions import BandQuestions, band_question
from surveyapp.domain.disclosure.breakdown.residuals import next_victim
from surveyapp.domain.disclosure.breakdown.state import (
    BandCell,
    BandReasons,
    TreeState,
    breakdown_indices,
    shown_cells,
)
from surveyapp.domain.disclosure.families import band_family, unit_sets
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.joint_audit import find_joint_group
from surveyapp.domain.disclosure.plan import NodeId, Reason
from surveyapp.domain.disclosure.tree import subtree_totals

FALLBACK_MAX_CLASSES = 200
FALLBACK_MAX_NODES = 200_000
JOINT_MAX_STEPS = 2_000_000


def plan_breakdowns(plan_input: PlanInput, state: TreeState) -> list[BandCell]:
    """Every band cell at the breakdown units, then the band-question cells of the first
    dimension shown (the others' are withheld)."""
    decided: dict[str, tuple[BandReasons, dict[str, list[int]]]] = {}
    chosen: list[str] = []
    for dimension in plan_input.dimension_order:
        audit = not state.live and (not chosen or bool(plan_input.joint_band_counts))
        reason, totals = _dimension(plan_input, state, dimension, audit=audit)
        decided[dimension] = reason, totals
        if any(why is None for why in reason.values()):
            chosen.append(dimension)
    while len(chosen) > 1 and not _jointly_safe(plan_input, state, chosen, decided):
        reason = decided[chosen.pop()][0]
        for cell, why in reason.items():
            if why is None:
                reason[cell] = Reason.BREAKDOWN_WITHHELD
    tree = state.tree
    cells = [
        BandCell(int(tree.nodes[unit]), measures.band(dimension, b), totals[b][unit], why)
        for dimension, (reason, totals) in sorted(decided.items())
        for (unit, b), why in reason.items()
    ]
    if plan_input.band_questions:
        index = BandQuestions(plan_input, tree)
        for dimension in sorted(plan_input.band_questions):
            active = bool(chosen) and dimension == chosen[0]
            for key in plan_input.band_questions[dimension]:
                for band_cell, b in band_question(
                    plan_input, state, index, dimension, key, decided[dimension][0], active
                ):
                    index.keys[len(cells)] = (band_cell.unit_id, dimension, b, key)
                    cells.append(band_cell)
        index.add_options(cells)
    return cells


def _dimension(
    plan_input: PlanInput, state: TreeState, dimension: str, *, audit: bool
) -> tuple[BandReasons, dict[str, list[int]]]:
    tree, k = state.tree, plan_input.k
    bands = plan_input.dimensions[dimension]
    at = breakdown_indices(plan_input, tree)
    direct = {
        b: [plan_input.band_counts.get((int(u), dimension, b), 0) for u in tree.nodes]
        for b in bands
    }
    totals = {b: subtree_totals(tree, row) for b, row in direct.items()}
    reason: BandReasons = {}
    for unit in at:
        for b in bands:
            if totals[b][unit] < k:
                reason[unit, b] = Reason.BELOW_MINIMUM
            elif state.live:
                reason[unit, b] = Reason.BREAKDOWN_NOT_LIVE
            else:
                withheld = None if audit else Reason.BREAKDOWN_WITHHELD
                reason[unit, b] = state.reasons[unit] or withheld
    while (victim := next_victim(tree, state.totals, at, bands, totals, reason, k)) is not None:
        reason[victim] = Reason.PROTECTS_ANOTHER_CELL
    shown = [cell for cell, why in reason.items() if why is None]
    entries = [(node, i, count) for i, b in enumerate(bands) for node, count in _nonzero(direct[b])]
    if shown and not _proven_safe(plan_input, state, dimension, shown, entries):
        for cell in shown:
            reason[cell] = Reason.BREAKDOWN_WITHHELD
    return reason, totals


def _nonzero(row: Sequence[int]) -> list[tuple[int, int]]:
    return [(node, count) for node, count in enumerate(row) if count]


def _proven_safe(
    plan_input: PlanInput,
    state: TreeState,
    dimension: str,
    shown: list[tuple[int, str]],
    entries: Sequence[tuple[int, int, int]],
) -> bool:
    """Fast exact audit of tree x bands; if that runs out of budget, a bounded general one."""
    tree = state.tree
    bands = plan_input.dimensions[dimension]
    direct = [plan_input.responses.get(int(u), 0) for u in tree.nodes]
    owner = band_owners(tree, shown, bands)
    verdict = summed_verdict(state, state.published, direct, entries, bands, owner, plan_input.k)
    if verdict is not Verdict.UNDECIDED:
        return verdict is Verdict.SAFE
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


def _jointly_safe(
    plan_input: PlanInput,
    state: TreeState,
    dimensions: Sequence[str],
    decided: Mapping[str, tuple[BandReasons, dict[str, list[int]]]],
) -> bool:
    """When the joint auditor proves it (only asked with joint counts: without them, no
    second dimension is ever audited, so none is shown)."""
    atoms = joint_atoms(plan_input, state, {d: shown_cells(decided[d][0]) for d in dimensions})
    return find_joint_group(atoms, plan_input.k, max_steps=JOINT_MAX_STEPS).is_proven_safe
