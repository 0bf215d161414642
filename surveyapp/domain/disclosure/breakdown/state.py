"""What the breakdown rules are given (the settled unit tree and questions) and decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import Reason
from surveyapp.domain.disclosure.tree import Tree


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


def shown_cells(reason: BandReasons) -> list[tuple[int, str]]:
    return [cell for cell, why in reason.items() if why is None]


def breakdown_indices(plan_input: PlanInput, tree: Tree) -> list[int]:
    index = {node: i for i, node in enumerate(tree.nodes)}
    return [index[unit_id] for unit_id in plan_input.breakdown_at]
