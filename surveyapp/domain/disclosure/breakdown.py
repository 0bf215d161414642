"""Rule 3: demographic breakdowns at the configured breakdown units.

Band cells first obey the rules along both dimensions: every band cell meets k, the unit's total
minus its published bands (unpublished bands, "prefer not to say" when hidden, and skipped
answers) is 0 or at least k, and a band's count at a breakdown unit minus the same band at the
nearest breakdown units below it is 0 or at least k. Those rules alone cannot see a leak through
the unit tree (every newly qualified worker in one team: that team's total minus the
organisation's newly-qualified cell is the team's few others), so the surviving cells are then
put to the auditor together with every published tree cell, and the dimension is withheld whole
unless the auditor proves it safe.

Several dimensions. Two dimensions' band cells can leak together (role:newly_qualified inside
length_of_service:under_1_year except for two people shows those two), which per-dimension
totals cannot reveal. So without joint counts (respondents per full combination of bands) at
most one dimension is shown: the first in priority order (``breakdown_dimensions``, then the
rest sorted) that the rules leave with any cell. With joint counts every dimension that passes
alone is audited together with the others and the tree over (unit, combination) atoms, and the
last in priority order is withheld until that audit proves the rest safe.

Per-question results in a band ("% supervised within the standard", newly qualified). A
band-question cell is shown only where its band cell and its question's cell at the unit are
shown, at least k people in the band answered, the unit's answerers minus the shown bands'
answerers is 0 or at least k, the nesting rule between breakdown units holds, and the auditor
proves the question's tree cells with these band cells safe over (unit, band) atoms of that
question's answerers; otherwise the question's breakdown is withheld whole. Per-question counts
per combination of bands are not an input, so band-question cells are shown for one dimension
only: the first one shown.

Breakdowns are never shown in an open wave's live snapshots, nor in a plan that follows live
releases: earlier releases split respondents by arrival, and the planner has no counts of bands
per arrival to prove such a combination safe (see history.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.auditor import Verdict, find_derivable_group
from surveyapp.domain.disclosure.crossed_audit import (
    DEFAULT_MAX_STEPS,
    crossed_verdict,
)
from surveyapp.domain.disclosure.families import band_family, unit_sets
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.joint_audit import JointAtom, find_joint_group
from surveyapp.domain.disclosure.plan import NodeId, Reason
from surveyapp.domain.disclosure.residual import is_safe_residual
from surveyapp.domain.disclosure.tree import Tree, deepest_published, subtree_totals

CROSSED_MAX_STEPS = DEFAULT_MAX_STEPS
FALLBACK_MAX_CLASSES = 200
FALLBACK_MAX_NODES = 200_000
JOINT_MAX_STEPS = 2_000_000


@dataclass(frozen=True, slots=True)
class BandCell:
    unit_id: int
    measure: str
    n: int
    reason: Reason | None
    distribution: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class QuestionState:
    """One question settled on the tree with rollups: answerers, and what is shown."""

    direct: Sequence[int]
    totals: Sequence[int]
    published: Sequence[bool]
    reasons: Sequence[Reason | None]


@dataclass(frozen=True, slots=True)
class TreeState:
    """What the breakdown rules need to know of the settled unit tree."""

    tree: Tree
    with_rollups: Tree
    published: Sequence[bool]
    reasons: Sequence[Reason | None]
    totals: Sequence[int]
    pools: dict[str, tuple[int, ...]]
    questions: Mapping[str, QuestionState] = field(default_factory=dict)
    live: bool = False


BandReasons = dict[tuple[int, str], Reason | None]


def plan_breakdowns(plan_input: PlanInput, state: TreeState) -> list[BandCell]:
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
        index = _BandQuestions(plan_input, tree)
        for dimension in sorted(plan_input.band_questions):
            active = bool(chosen) and dimension == chosen[0]
            for key in plan_input.band_questions[dimension]:
                for band_cell, b in _band_question(
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
    at = _breakdown_indices(plan_input, tree)
    direct = {
        b: [plan_input.band_counts.get((int(u), dimension, b), 0) for u in tree.nodes]
        for b in bands
    }
    totals = {b: subtree_totals(tree, row) for b, row in direct.items()}
    held = Reason.BREAKDOWN_NOT_LIVE if state.live else Reason.BREAKDOWN_WITHHELD
    reason: BandReasons = {}
    for unit in at:
        for b in bands:
            if totals[b][unit] < k:
                reason[unit, b] = Reason.BELOW_MINIMUM
            else:
                reason[unit, b] = state.reasons[unit] or (None if audit else held)
    while (victim := _next_victim(tree, state.totals, at, bands, totals, reason, k)) is not None:
        reason[victim] = Reason.PROTECTS_ANOTHER_CELL
    shown = [cell for cell, why in reason.items() if why is None]
    entries = [(node, i, count) for i, b in enumerate(bands) for node, count in _nonzero(direct[b])]
    if shown and not _proven_safe(plan_input, state, dimension, shown, entries):
        for cell in shown:
            reason[cell] = Reason.BREAKDOWN_WITHHELD
    return reason, totals


def _breakdown_indices(plan_input: PlanInput, tree: Tree) -> list[int]:
    index = {node: i for i, node in enumerate(tree.nodes)}
    return [index[unit_id] for unit_id in plan_input.breakdown_at]


def _next_victim(
    tree: Tree,
    unit_totals: Sequence[int],
    at: list[int],
    bands: Sequence[str],
    totals: Mapping[str, Sequence[int] | Mapping[int, int]],
    reason: BandReasons,
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
    owner = _owners(tree, shown, bands)
    verdict = _summed_verdict(state, state.published, direct, entries, bands, owner, plan_input.k)
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


CrossedAtom = tuple[tuple[int, str | None], int | None, int | None, int]


def crossed_atoms(
    plan_input: PlanInput, state: TreeState, dimension: str, shown: list[tuple[int, str]]
) -> list[CrossedAtom]:
    """Respondent atoms of one dimension for the crossed auditor (see band_atoms)."""
    return band_atoms(
        state,
        state.published,
        plan_input.dimensions[dimension],
        shown,
        lambda unit_id, b: plan_input.band_counts.get((unit_id, dimension, b), 0),
        lambda unit_id: plan_input.responses.get(unit_id, 0),
    )


def band_atoms(
    state: TreeState,
    published: Sequence[bool],
    bands: Sequence[str],
    shown: list[tuple[int, str]],
    count: Callable[[int, str], int],
    total: Callable[[int], int],
) -> list[CrossedAtom]:
    """Each (unit, band) atom with its piece (deepest published tree cell) and band node.

    A band node is numbered from the breakdown unit that owns the atom for that band (the
    deepest one above it whose cell for the band is shown); skipped answers and bands shown
    nowhere above the unit go to the anchor (None), as do units no tree cell covers.
    """
    tree = state.tree
    band_index = {b: i for i, b in enumerate(bands)}
    piece = deepest_published(state.with_rollups, published)
    owner = _owners(tree, shown, bands)
    atoms: list[CrossedAtom] = []
    for node in range(tree.size):
        unit_id = int(tree.nodes[node])
        holder = piece[node] if piece[node] >= 0 else None
        banded = 0
        for b in bands:
            people = count(unit_id, b)
            banded += people
            owned_by = owner[b][node]
            band_node = owned_by * len(bands) + band_index[b] if owned_by >= 0 else None
            atoms.append(((unit_id, b), holder, band_node, people))
        atoms.append(((unit_id, None), holder, None, total(unit_id) - banded))
    return atoms


def _owners(
    tree: Tree, shown: Sequence[tuple[int, str]], bands: Sequence[str]
) -> dict[str, list[int]]:
    """Per band, the deepest breakdown unit at or above each unit whose cell is shown, or -1."""
    shown_set = set(shown)
    owner: dict[str, list[int]] = {}
    for b in bands:
        region = [-1] * tree.size
        for node in reversed(tree.postorder):
            up = tree.parent[node]
            region[node] = node if (node, b) in shown_set else (region[up] if up >= 0 else -1)
        owner[b] = region
    return owner


def _jointly_safe(
    plan_input: PlanInput,
    state: TreeState,
    dimensions: Sequence[str],
    decided: Mapping[str, tuple[BandReasons, dict[str, list[int]]]],
) -> bool:
    """When the joint auditor proves it (only asked with joint counts: without them, no
    second dimension is ever audited, so none is shown)."""
    atoms = joint_atoms(plan_input, state, {d: _shown(decided[d][0]) for d in dimensions})
    return find_joint_group(atoms, plan_input.k, max_steps=JOINT_MAX_STEPS).is_proven_safe


def _shown(reason: BandReasons) -> list[tuple[int, str]]:
    return [cell for cell, why in reason.items() if why is None]


JointLabel = tuple[int, tuple[tuple[str, str], ...]]


def joint_atoms(
    plan_input: PlanInput, state: TreeState, shown: Mapping[str, Sequence[tuple[int, str]]]
) -> list[JointAtom[JointLabel]]:
    """Each (unit, combination of bands) atom with its piece and the band nodes that own it:
    one per shown dimension whose band, for that unit, has a shown cell at or above it."""
    tree = state.tree
    index = {node: i for i, node in enumerate(tree.nodes)}
    piece = deepest_published(state.with_rollups, state.published)
    owners = {d: _owners(tree, cells, sorted({b for _, b in cells})) for d, cells in shown.items()}
    numbers: dict[tuple[str, int, str], int] = {}
    atoms: list[JointAtom[JointLabel]] = []
    for (unit_id, combination), people in plan_input.joint_band_counts.items():
        node = index[unit_id]
        nodes: list[int] = []
        for dimension, b in combination:
            region = owners.get(dimension, {}).get(b)
            if region is not None and region[node] >= 0:
                key = (dimension, region[node], b)
                nodes.append(numbers.setdefault(key, len(numbers)))
        holder = piece[node] if piece[node] >= 0 else None
        atoms.append(((unit_id, combination), holder, tuple(nodes), people))
    return atoms


class _BandQuestions:
    """Per-band answer counts, read from the input once: direct counts per unit for the gate,
    sums at each breakdown unit for the rules, and option counts for the cells finally shown."""

    def __init__(self, plan_input: PlanInput, tree: Tree) -> None:
        self.input = plan_input
        self.tree = tree
        position = {node: i for i, node in enumerate(tree.nodes)}
        self.position = position
        at = set(_breakdown_indices(plan_input, tree))
        above: list[list[int]] = [[] for _ in tree.nodes]
        for node in reversed(tree.postorder):
            up = tree.parent[node]
            above[node] = ([node] if node in at else []) + (above[up] if up >= 0 else [])
        self.above = [[int(tree.nodes[unit]) for unit in units] for units in above]
        self.entries: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        self.sums: dict[tuple[int, str, str, str], int] = {}
        band_index = {
            (d, b): i for d, bands in plan_input.dimensions.items() for i, b in enumerate(bands)
        }
        for (unit_id, dimension, b, key), count in plan_input.band_question_answered.items():
            if count:
                node = position[unit_id]
                entries = self.entries.get((dimension, key))
                if entries is None:
                    entries = self.entries[dimension, key] = []
                entries.append((node, band_index[dimension, b], count))
                for unit in self.above[node]:
                    cell = (unit, dimension, b, key)
                    self.sums[cell] = self.sums.get(cell, 0) + count
        self.owners: dict[
            tuple[frozenset[tuple[int, str]], tuple[str, ...]], dict[str, list[int]]
        ] = {}
        self.keys: dict[int, tuple[int, str, str, str]] = {}

    def owners_of(
        self, shown: Sequence[tuple[int, str]], bands: Sequence[str]
    ) -> dict[str, list[int]]:
        key = (frozenset(shown), tuple(bands))
        found = self.owners.get(key)
        if found is None:
            found = self.owners[key] = _owners(self.tree, shown, bands)
        return found

    def add_options(self, cells: list[BandCell]) -> None:
        """Fill in the answer distribution of every shown band-question cell, in one pass."""
        shown = {self.keys[i]: i for i in self.keys if cells[i].reason is None}
        if not shown:
            return
        sums: dict[int, dict[str, int]] = {}
        for (unit_id, d, b, key), counts in self.input.band_question_options.items():
            for unit in self.above[self.position[unit_id]]:
                i = shown.get((unit, d, b, key))
                if i is not None:
                    into = sums.setdefault(i, {})
                    for option, count in counts.items():
                        into[option] = into.get(option, 0) + count
        for i in shown.values():
            cell = cells[i]
            found = tuple(sorted(sums.get(i, {}).items()))
            cells[i] = BandCell(cell.unit_id, cell.measure, cell.n, None, found)


def _band_question(
    plan_input: PlanInput,
    state: TreeState,
    index: _BandQuestions,
    dimension: str,
    key: str,
    band_reason: BandReasons,
    active: bool,
) -> list[tuple[BandCell, str]]:
    """The cells of one question broken down by one dimension's bands (see the module note)."""
    tree, k = state.tree, plan_input.k
    bands = plan_input.dimensions[dimension]
    at = _breakdown_indices(plan_input, tree)
    question = state.questions[key]
    totals: dict[str, dict[int, int]] = {
        b: {unit: index.sums.get((int(tree.nodes[unit]), dimension, b, key), 0) for unit in at}
        for b in bands
    }
    held = Reason.BREAKDOWN_NOT_LIVE if state.live else Reason.BREAKDOWN_WITHHELD
    reason: BandReasons = {}
    for unit in at:
        for b in bands:
            reason[unit, b] = (
                Reason.BELOW_MINIMUM
                if totals[b][unit] < k
                else band_reason[unit, b] or question.reasons[unit] or (None if active else held)
            )
    while (victim := _next_victim(tree, question.totals, at, bands, totals, reason, k)) is not None:
        reason[victim] = Reason.PROTECTS_ANOTHER_CELL
    shown = _shown(reason)
    if shown:
        entries = index.entries.get((dimension, key), [])
        owner = index.owners_of(shown, bands)
        verdict = _summed_verdict(
            state, question.published, question.direct, entries, bands, owner, k
        )
        if verdict is not Verdict.SAFE:
            for cell in shown:
                reason[cell] = Reason.BREAKDOWN_WITHHELD
    measure = {b: measures.band_question(dimension, b, key) for b in bands}
    return [
        (BandCell(int(tree.nodes[unit]), measure[b], totals[b][unit], why), b)
        for (unit, b), why in reason.items()
    ]


def _summed_verdict(
    state: TreeState,
    published: Sequence[bool],
    direct: Sequence[int],
    entries: Iterable[tuple[int, int, int]],
    bands: Sequence[str],
    owner: Mapping[str, Sequence[int]],
    k: int,
) -> Verdict:
    """The crossed audit of tree cells (the published ones) and one dimension's band cells,
    over atoms of unit x band: ``direct`` people per unit, ``entries`` (unit, band index,
    people) for those in a band. Atoms are summed per (piece, band node) as the crossed
    auditor itself would sum them."""
    piece = deepest_published(state.with_rollups, published)
    links: dict[int, dict[int, int]] = {}  # piece -1: units no tree cell covers (the anchor)
    to_anchor: dict[int, int] = {}
    width = len(bands)
    banded = [0] * len(direct)
    owners = [owner[b] for b in bands]
    for node, i, people in entries:
        owned = owners[i][node]
        if owned < 0:
            continue
        holder = piece[node]
        found = links.get(holder)
        linked = links[holder] = {} if found is None else found
        band_node = owned * width + i
        linked[band_node] = linked.get(band_node, 0) + people
        banded[node] += people
    for node, total in enumerate(direct):
        rest = total - banded[node]
        if rest and piece[node] >= 0:
            to_anchor[piece[node]] = to_anchor.get(piece[node], 0) + rest
    anchor_links = links.pop(-1, {})
    return crossed_verdict(links, to_anchor, anchor_links, k, max_steps=CROSSED_MAX_STEPS)
