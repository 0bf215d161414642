"""Rules 1 and 2 on the unit tree: the minimum group size, and no derivation by subtraction.

For nested cells (every unit's cell holds its descendants' cells) the residual rule is not a
heuristic: the groups derivable by adding and subtracting nested cells are exactly unions of
residuals (a cell minus its nearest published descendants), so "every residual is 0 or at least
the threshold" is the same statement as "nothing smaller than the threshold can be derived".
The rollup cells keep the family nested, so the same argument covers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure.tree import Tree


def is_safe_residual(residual: int, threshold: int) -> bool:
    return residual == 0 or residual >= threshold


@dataclass(frozen=True, slots=True)
class Settled:
    """One measure settled on one tree: which nodes are shown, and which were hidden to protect."""

    totals: list[int]
    published: list[bool]
    protecting: frozenset[int]


def settle(tree: Tree, totals: list[int], eligible: Sequence[bool], threshold: int) -> Settled:
    """Publish every eligible node meeting the threshold, then repair residuals bottom-up.

    Children are repaired before their parent and nothing done at a parent changes a child's
    residual, so one post-order pass suffices. A failing residual is repaired by hiding the
    smallest nearest published descendant whose own residual is positive: that residual is at
    least the threshold (it was repaired already), so the parent's residual grows past the
    threshold in one step. When every such descendant has residual 0 (hiding one only moves its
    children up), a node with no published ancestor is hidden itself instead; otherwise the loop
    goes on down, and it ends because each turn hides one more node.
    """
    children, parent = tree.children, tree.parent
    published = [ok and total >= threshold for ok, total in zip(eligible, totals, strict=True)]
    cover = [0] * tree.size
    protecting: set[int] = set()
    for node in tree.postorder:
        covered = sum(cover[child] for child in children[node])
        if not published[node]:
            cover[node] = covered
            continue
        while not is_safe_residual(totals[node] - covered, threshold):
            victim = _victim(tree, node, totals, published, cover)
            if victim < 0:
                published[node] = False
                protecting.add(node)
                break
            published[victim] = False
            protecting.add(victim)
            step = victim
            while step != node:
                cover[step] = (
                    totals[step] if published[step] else sum(cover[c] for c in children[step])
                )
                step = parent[step]
            covered = sum(cover[child] for child in children[node])
        cover[node] = totals[node] if published[node] else covered
    return Settled(totals=totals, published=published, protecting=frozenset(protecting))


def nearest_published(tree: Tree, node: int, published: Sequence[bool]) -> list[int]:
    found: list[int] = []
    stack = list(tree.children[node])
    while stack:
        below = stack.pop()
        if published[below]:
            found.append(below)
        else:
            stack.extend(tree.children[below])
    return found


def _victim(
    tree: Tree, node: int, totals: Sequence[int], published: Sequence[bool], cover: Sequence[int]
) -> int:
    """The descendant to hide, or -1 to hide the node itself.

    The node itself goes when no published node sits above it (so hiding it affects no other
    residual) and no single descendant would do: one hidden cell instead of several.
    """

    def preference(candidate: int) -> tuple[bool, int, int]:
        own = totals[candidate] - sum(cover[c] for c in tree.children[candidate])
        return (own == 0, totals[candidate], candidate)

    best = min(nearest_published(tree, node, published), key=preference)
    if preference(best)[0] and not _has_published_ancestor(tree, node, published):
        return -1
    return best


def _has_published_ancestor(tree: Tree, node: int, published: Sequence[bool]) -> bool:
    node = tree.parent[node]
    while node >= 0:
        if published[node]:
            return True
        node = tree.parent[node]
    return False


def plan_rollups(tree: Tree, settled: Settled, threshold: int) -> list[tuple[int, tuple[int, ...]]]:
    """Pool the hidden children of a published unit into an "other teams in ..." cell.

    Only where the pool meets the threshold, holds at least two non-empty units (a pool of one
    would just be that unit under another name), some child stays shown (else "other teams" is
    every team, the parent again) and both the parent's new residual and the
    pool's own residual stay safe. Each pool changes only its parent's residual and its own, so
    pools under different parents are decided independently.
    """
    totals, published = settled.totals, settled.published
    cover = list(totals)
    for node in tree.postorder:
        if not published[node]:
            cover[node] = sum(cover[c] for c in tree.children[node])
    pools: list[tuple[int, tuple[int, ...]]] = []
    for node in range(tree.size):
        if not published[node]:
            continue
        members = tuple(c for c in tree.children[node] if not published[c] and totals[c] > 0)
        pooled = sum(totals[c] for c in members)
        keeps_a_team = any(published[c] for c in tree.children[node])
        if len(members) < 2 or pooled < threshold or not keeps_a_team:
            continue
        rest = sum(cover[c] for c in tree.children[node] if c not in members)
        parent_residual = totals[node] - rest - pooled
        pool_residual = pooled - sum(cover[c] for c in members)
        if is_safe_residual(parent_residual, threshold) and is_safe_residual(
            pool_residual, threshold
        ):
            pools.append((node, members))
    return pools
