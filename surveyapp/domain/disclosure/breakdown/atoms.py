"""Respondent atoms of a breakdown, laid out for the crossed and joint auditors.

An atom is a unit's people in one band (or with one combination of bands), with its *piece*
(the deepest published tree cell covering it) and the band nodes that own it. The auditors
decide on these whether tree cells and band cells together leave a small group derivable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from surveyapp.domain.disclosure.auditor import Verdict
from surveyapp.domain.disclosure.breakdown.state import TreeState
from surveyapp.domain.disclosure.crossed_audit import DEFAULT_MAX_STEPS, crossed_verdict
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.joint_audit import JointAtom
from surveyapp.domain.disclosure.tree import Tree, deepest_published

CROSSED_MAX_STEPS = DEFAULT_MAX_STEPS


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
    owner = band_owners(tree, shown, bands)
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


def band_owners(
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


JointLabel = tuple[int, tuple[tuple[str, str], ...]]


def joint_atoms(
    plan_input: PlanInput, state: TreeState, shown: Mapping[str, Sequence[tuple[int, str]]]
) -> list[JointAtom[JointLabel]]:
    """Each (unit, combination of bands) atom with its piece and the band nodes that own it:
    one per shown dimension whose band, for that unit, has a shown cell at or above it."""
    tree = state.tree
    index = {node: i for i, node in enumerate(tree.nodes)}
    piece = deepest_published(state.with_rollups, state.published)
    owners = {
        d: band_owners(tree, cells, sorted({b for _, b in cells})) for d, cells in shown.items()
    }
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


def summed_verdict(
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
