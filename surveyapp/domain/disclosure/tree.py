"""The unit tree as flat arrays, so each measure can be settled in one pass over 2,000 units.

Nodes are indexed in unit-id order (rollups after the units), which also makes every tie-break
in the rules deterministic: the same counts always give the same plan and the same digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure.inputs import UnitNode
from surveyapp.domain.disclosure.plan import NodeId, rollup_node


@dataclass(frozen=True, slots=True)
class Tree:
    nodes: tuple[NodeId, ...]
    parent: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    postorder: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.nodes)


def _postorder(children: Sequence[Sequence[int]], root: int) -> tuple[int, ...]:
    order: list[int] = []
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children[node]))
    return tuple(order)


def _make(nodes: Sequence[NodeId], parent: Sequence[int]) -> Tree:
    children: list[list[int]] = [[] for _ in nodes]
    root = -1
    for index, up in enumerate(parent):
        if up < 0:
            root = index
        else:
            children[up].append(index)
    return Tree(
        nodes=tuple(nodes),
        parent=tuple(parent),
        children=tuple(tuple(c) for c in children),
        postorder=_postorder(children, root),
    )


def unit_tree(units: Sequence[UnitNode]) -> Tree:
    """The tree of a validated PlanInput (one root, no cycles)."""
    ordered = sorted(units, key=lambda unit: unit.unit_id)
    index = {unit.unit_id: i for i, unit in enumerate(ordered)}
    parent = [-1 if u.parent_id is None else index[u.parent_id] for u in ordered]
    return _make([u.unit_id for u in ordered], parent)


def with_rollups(tree: Tree, pools: Sequence[tuple[int, Sequence[int]]]) -> Tree:
    """Insert one rollup node per (parent, pooled children): the pool hangs under the parent.

    The family of published cells stays nested (laminar), which is what lets the residual rule
    stand in for the full auditor on the unit tree.
    """
    nodes = list(tree.nodes)
    parent = list(tree.parent)
    for parent_index, members in pools:
        rollup_index = len(nodes)
        unit_id = tree.nodes[parent_index]
        assert isinstance(unit_id, int)
        nodes.append(rollup_node(unit_id))
        parent.append(parent_index)
        for member in members:
            parent[member] = rollup_index
    return _make(nodes, parent)


def subtree_totals(tree: Tree, direct: Sequence[int]) -> list[int]:
    totals = list(direct)
    for node in tree.postorder:
        up = tree.parent[node]
        if up >= 0:
            totals[up] += totals[node]
    return totals


def deepest_published(tree: Tree, published: Sequence[bool]) -> list[int]:
    """For each node, the deepest published node containing it (itself included), or -1."""
    found = [-1] * tree.size
    for node in reversed(tree.postorder):
        up = tree.parent[node]
        found[node] = node if published[node] else (found[up] if up >= 0 else -1)
    return found
