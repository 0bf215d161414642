"""Rule 6: released snapshots of one wave must not be differenced into a small group.

With live results every released snapshot stays visible, so a viewer holds all of them at once:
a team shown with 7 responses in one release and 8 in the next has shown one person's answers.
Each published cell of release e is the set of *atoms* (a unit's respondents who arrived in
epoch f, the time between releases f-1 and f) with f <= e; the current snapshot adds epoch
"now". The planner only knows the published n of earlier releases, never their hidden counts
(responses carry no timestamps, by design), so the rule has to work from those numbers.

The rule. Earlier releases must form a chain: each shows a subset of the cells of the one before
(validated on input, per measure). A *live* snapshot may only show cells the last release
showed, so the chain goes on; the plan of a closed wave may show new cells. In both cases the
snapshot is then checked against the history as below, and cells are hidden
(``changed_too_little``) until the check passes, with the residual rule re-applied each time.
(The plan of the closed wave then shows such cells of the last release as it showed them,
which adds nothing to the history: planner.py.)

Why a chain makes the history simple. Write r(e, p) for the region of a published node p in
release e (p's units not under a published descendant). With P_e a subset of P_(e-1), every
region of release e is a union of regions of every earlier release, so the block (r(e, p),
epoch e) is derivable: the region at e minus the same units at e-1, whose count the earlier
release gives. Its people are n_e(p) - sum n_e(c) - (n_(e-1)(p) - sum n_(e-1)(c)) over the
nearest descendants c of p published at e. Cells of release e are sums of blocks of epochs <= e,
so everything the releases show together is exactly: any function constant on each block.

Why the check is sound. A new snapshot with regions R adds functions constant on each R over
all epochs. A derivable vector is then a[R(u)] + b[block(u, f)] on atom (u, f), with a = 0 off
the snapshot's cells and b = 0 for atoms in no block (epoch "now", uncovered units). This is a
bipartite graph (regions and blocks as nodes, non-empty atoms as edges), the same structure as
in crossed_audit: a 0/1 vector splits into level cuts, each derivable, whose people add up, so
a leak exists only if one cut leaks. A cut is a node set X with people
|sum n(R in X) - sum n(B in X)|, and a leaking cut may be taken connected. The check therefore
takes each connected component of the graph (with an edge wherever a region and a block share
a unit that has anyone in it now, a superset of the true edges), and requires that no subset
sum of its regions lies within threshold - 1 of a subset sum of its blocks, except exactly.
Subsets that are not valid cuts are checked too; that only makes the rule stricter.

What it costs. Without new cells every component is one region with the blocks inside it, and
the check is that the region's arrivals since the last release are 0 or >= threshold (the
"residual of deltas"). A new cell is checked against every subset of earlier blocks, because
the planner cannot rule out that it holds exactly the arrivals of some epochs: a team of 8
after a release step of 7 may be the 7 plus one other, whose answers would then be shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure.inputs import Release
from surveyapp.domain.disclosure.plan import Reason
from surveyapp.domain.disclosure.tree import Tree, deepest_published


def pools_of(tree: Tree, releases: Sequence[Release]) -> list[tuple[int, tuple[int, ...]]]:
    """The rollups earlier releases showed, as (parent index, member indices), by parent id."""
    index = {node: i for i, node in enumerate(tree.nodes)}
    members: dict[str, frozenset[int]] = {}
    for release in releases:
        members.update(release.rollups)
    pools = []
    for node in sorted(members, key=lambda name: int(name.split(":")[1])):
        parent = index[int(node.split(":")[1])]
        pools.append((parent, tuple(sorted(index[u] for u in members[node]))))
    return pools


class History:
    """The released cells of every measure, laid on the current tree (rollups included)."""

    def __init__(self, tree: Tree, releases: Sequence[Release]) -> None:
        self.tree = tree
        self.releases = len(releases)
        index = {node: i for i, node in enumerate(tree.nodes)}
        self._shown: dict[str, list[dict[int, int]]] = defaultdict(lambda: [{} for _ in releases])
        for e, release in enumerate(releases):
            for (node, measure), n in release.cells.items():
                self._shown[measure][e][index[node]] = n

    def of(self, measure: str) -> MeasureHistory:
        return MeasureHistory(
            self.tree, self._shown.get(measure) or [{} for _ in range(self.releases)]
        )


@dataclass(frozen=True, slots=True)
class _Block:
    key: int
    people: int


class MeasureHistory:
    """One measure's releases as epoch blocks, and the check of a new snapshot against them."""

    def __init__(self, tree: Tree, shown: Sequence[Mapping[int, int]]) -> None:
        self.tree = tree
        masks = [[i in release for i in range(tree.size)] for release in shown]
        self.last = masks[-1]
        self.first_region = deepest_published(tree, masks[0])
        self.blocks: list[_Block] = []
        self.links: list[tuple[int, int, int, tuple[int, ...]]] = []
        below: list[dict[int, list[int]]] = []
        for e, release in enumerate(shown):
            deepest = deepest_published(tree, masks[e])
            nearest: dict[int, list[int]] = defaultdict(list)
            for node in release:
                up = tree.parent[node]
                if up >= 0 and deepest[up] >= 0:
                    nearest[deepest[up]].append(node)
            below.append(nearest)
            for node, n in release.items():
                inside = nearest[node]
                people = n - sum(release[c] for c in inside)
                if e > 0:
                    before = shown[e - 1]
                    people -= before[node] - sum(before[c] for c in inside)
                self.blocks.append(_Block(self._key(e, node), people))
            if e > 0:
                for node in shown[e - 1]:
                    if deepest[node] >= 0:
                        inner = tuple(below[e - 1][node])
                        self.links.append(
                            (self._key(e - 1, node), self._key(e, deepest[node]), node, inner)
                        )

    def _key(self, epoch: int, node: int) -> int:
        return (epoch + 1) * self.tree.size + node

    def leaking(
        self,
        published: Sequence[bool],
        totals: Sequence[int],
        direct: Sequence[int],
        threshold: int,
    ) -> dict[int, Reason]:
        """Nodes to hide and why; empty when the snapshot passes the check.

        In a failing component, new cells that fail on their own (one region against the
        blocks) go first; if none does, all its new cells go. A component with no new cell is
        one region with the blocks inside it, repaired like the residual rule repairs: hide the
        smallest shown child whose own region passed with at least one arrival (its arrivals,
        at least the threshold, then count for the parent too), or the region's node.
        """
        tree = self.tree
        deepest = deepest_published(tree, published)
        own = {node: totals[node] for node in range(tree.size) if published[node]}
        children: dict[int, list[int]] = defaultdict(list)
        for node in own:
            up = tree.parent[node]
            if up >= 0 and deepest[up] >= 0:
                own[deepest[up]] -= totals[node]
                children[deepest[up]].append(node)
        owner: dict[int, int] = {}

        def find(key: int) -> int:
            while owner.setdefault(key, key) != key:
                owner[key] = owner[owner[key]]
                key = owner[key]
            return key

        for unit, count in enumerate(direct):
            if count > 0 and deepest[unit] >= 0 and self.first_region[unit] >= 0:
                owner[find(deepest[unit])] = find(self._key(0, self.first_region[unit]))
        for older, newer, node, inner in self.links:
            if totals[node] - sum(totals[c] for c in inner) > 0:
                owner[find(older)] = find(newer)
        regions: dict[int, list[int]] = defaultdict(list)
        for node, people in own.items():
            if people > 0:
                regions[find(node)].append(node)
        blocks: dict[int, list[int]] = defaultdict(list)
        for block in self.blocks:
            if block.key in owner:
                blocks[find(block.key)].append(block.people)
        failing: list[tuple[list[int], list[int]]] = []
        arrivals: dict[int, int] = {}
        for root, nodes in regions.items():
            history = blocks.get(root, [])
            if leaks([own[node] for node in nodes], history, threshold):
                failing.append((nodes, history))
            elif len(nodes) == 1:
                arrivals[nodes[0]] = own[nodes[0]] - sum(history)
        victims: dict[int, Reason] = {}
        for nodes, history in failing:
            new = [node for node in nodes if not self.last[node]]
            alone = [node for node in new if leaks([own[node]], history, threshold)]
            for node in alone or new:
                victims[node] = Reason.CHANGED_TOO_LITTLE
            for node in [] if new else nodes:
                relief = [c for c in children[node] if arrivals.get(c, 0) > 0]
                if relief:
                    victims[min(relief, key=lambda c: (totals[c], c))] = (
                        Reason.PROTECTS_ANOTHER_CELL
                    )
                else:
                    victims[node] = Reason.CHANGED_TOO_LITTLE
        return victims


def leaks(regions: Sequence[int], blocks: Sequence[int], threshold: int) -> bool:
    """True when a non-empty subset sum of the regions lies within threshold - 1 of a subset
    sum of the blocks without equalling it (a negative block, counts that fell, always fails)."""
    if any(people < 0 for people in blocks):
        return True
    reachable = 0
    for people in regions:
        reachable |= (reachable << people) | (1 << people)
    taken = 1
    for people in blocks:
        taken |= taken << people
    near = 0
    for distance in range(1, threshold):
        near |= (taken << distance) | (taken >> distance)
    return reachable & near != 0
