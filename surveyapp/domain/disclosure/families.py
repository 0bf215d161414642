"""Published cells as sets of atoms, one measure family at a time, for the general auditor.

Families are audited separately because their cells count different things: respondents, the
answerers of one question, the comments on one prompt. Responses and one dimension's band cells
are audited together, on atoms that split each unit's respondents by band (None = skipped); so
are one question's cells and its band-question cells, on atoms of that question's answerers;
and with joint counts, responses and every dimension's band cells, on atoms that split each
unit's respondents by their full combination of bands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import NodeId

BandAtom = tuple[int, str | None]


@dataclass(frozen=True, slots=True)
class Family:
    """Cells of one family as atom sets, with the people in each atom and the threshold."""

    name: str
    cells: tuple[frozenset[object], ...]
    counts: Mapping[object, int]
    threshold: int


def unit_sets(
    plan_input: PlanInput, pools: Mapping[str, Iterable[int]]
) -> dict[NodeId, frozenset[int]]:
    """The unit ids under each unit (itself included) and under each rollup."""
    children: dict[int, list[int]] = {unit.unit_id: [] for unit in plan_input.units}
    for unit in plan_input.units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.unit_id)
    below: dict[NodeId, frozenset[int]] = {}

    def collect(unit_id: int) -> frozenset[int]:
        found = below.get(unit_id)
        if found is None:
            stack, seen = [unit_id], {unit_id}
            while stack:
                for child in children[stack.pop()]:
                    seen.add(child)
                    stack.append(child)
            found = below[unit_id] = frozenset(seen)
        return found

    for unit in plan_input.units:
        collect(unit.unit_id)
    for node, members in pools.items():
        below[node] = frozenset().union(*(collect(m) for m in members))
    return below


def tree_family(
    name: str,
    published: Iterable[NodeId],
    below: Mapping[NodeId, frozenset[int]],
    direct: Mapping[int, int],
    threshold: int,
) -> Family:
    cells = tuple(frozenset[object](below[node]) for node in published)
    return Family(name, cells, {unit: count for unit, count in direct.items()}, threshold)


def band_family(
    plan_input: PlanInput,
    dimension: str,
    published_tree: Iterable[NodeId],
    published_bands: Iterable[tuple[int, str]],
    below: Mapping[NodeId, frozenset[int]],
) -> Family:
    """Responses cells and one dimension's band cells over (unit, band or None) atoms."""
    return _crossed_family(
        plan_input,
        f"band:{dimension}",
        dimension,
        lambda u, band_name: plan_input.band_counts.get((u, dimension, band_name), 0),
        lambda u: plan_input.responses.get(u, 0),
        published_tree,
        published_bands,
        below,
    )


def band_question_family(
    plan_input: PlanInput,
    dimension: str,
    key: str,
    published_tree: Iterable[NodeId],
    published_bands: Iterable[tuple[int, str]],
    below: Mapping[NodeId, frozenset[int]],
) -> Family:
    """One question's cells and its band-question cells over (unit, band or None) atoms of the
    question's answerers."""
    return _crossed_family(
        plan_input,
        f"band_question:{dimension}:{key}",
        dimension,
        lambda u, band_name: plan_input.band_question_answered.get(
            (u, dimension, band_name, key), 0
        ),
        lambda u: plan_input.question_answered.get((u, key), 0),
        published_tree,
        published_bands,
        below,
    )


def _crossed_family(
    plan_input: PlanInput,
    name: str,
    dimension: str,
    in_band: Callable[[int, str], int],
    total: Callable[[int], int],
    published_tree: Iterable[NodeId],
    published_bands: Iterable[tuple[int, str]],
    below: Mapping[NodeId, frozenset[int]],
) -> Family:
    """Tree cells and band cells over (unit, band or None) atoms: each unit's people split by
    band, with those in no band (skipped the question) as the None class."""
    bands = plan_input.dimensions.get(dimension, ())
    classes: tuple[str | None, ...] = (*bands, None)
    counts: dict[object, int] = {}
    for unit in plan_input.units:
        u = unit.unit_id
        banded = 0
        for band_name in bands:
            count = in_band(u, band_name)
            counts[u, band_name] = count
            banded += count
        counts[u, None] = total(u) - banded
    cells: list[frozenset[object]] = [
        frozenset((u, c) for u in below[node] for c in classes) for node in published_tree
    ]
    cells.extend(frozenset((u, band_name) for u in below[b]) for b, band_name in published_bands)
    return Family(name, tuple(cells), counts, plan_input.k)


def joint_band_family(
    plan_input: PlanInput,
    published_tree: Iterable[NodeId],
    published_bands: Iterable[tuple[str, int, str]],
    below: Mapping[NodeId, frozenset[int]],
) -> Family:
    """Responses cells and every dimension's band cells over (unit, combination) atoms."""
    counts: dict[object, int] = dict(plan_input.joint_band_counts.items())
    by_unit: dict[int, list[object]] = {}
    for unit_id, combination in plan_input.joint_band_counts:
        by_unit.setdefault(unit_id, []).append((unit_id, combination))
    cells: list[frozenset[object]] = [
        frozenset(atom for u in below[node] for atom in by_unit.get(u, ()))
        for node in published_tree
    ]
    for dimension, node, band_name in published_bands:
        pair = (dimension, band_name)
        cells.append(
            frozenset(
                (u, combination)
                for (u, combination) in plan_input.joint_band_counts
                if u in below[node] and pair in combination
            )
        )
    return Family("bands:joint", tuple(cells), counts, plan_input.k)
