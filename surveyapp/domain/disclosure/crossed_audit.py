"""An exact auditor for the unit tree crossed with one demographic dimension, fast at 2,000 units.

Why it is exact. Tree cells are nested, so on units they span exactly the functions that are
constant on each *piece* (the units whose deepest published container is the same cell) and zero
on units no cell covers. Band cells of one dimension at nested breakdown units likewise span, per
band, the functions constant on each *band node* (a breakdown unit whose cell for that band is
published, owning the units below it that no deeper such cell owns) and zero elsewhere. So any
derivable vector takes, on the atoms of unit u in band b, the value a[piece(u)] + h[node(u, b)],
with a = 0 for the uncovered piece and h = 0 for unpublished bands and skipped answers (the two
anchors). Make a bipartite graph of pieces and band nodes, one edge per non-empty atom class.
Requiring every edge value to be 0 or 1 forces the potentials to integers, and the vector splits
into level cuts, each itself derivable, whose people add up to the total. So a leak exists if and
only if one level cut leaks: a set S of nodes, closed under "band node in S => its pieces in S",
holding both anchors or neither, whose edges from a piece in S to a band node outside S hold
between 1 and threshold - 1 people.

Connected components (anchors aside) can be checked one at a time, since every other component
can sit wholly inside or outside S at no cost. Within a component the subsets of its band nodes
are enumerated (each fixes which pieces must join S, and a piece that need not join adds its
whole count if it does); a component with too many band nodes exceeds the budget and the answer
is "undecided", so the caller withholds.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from surveyapp.domain.disclosure.auditor import AuditResult, Verdict

A = TypeVar("A", bound=Hashable)

DEFAULT_MAX_STEPS = 2_000_000


@dataclass(slots=True)
class _Piece:
    links: dict[int, int] = field(default_factory=dict)
    to_anchor: int = 0


@dataclass(slots=True)
class _Group:
    """Pieces of one component touching the same band nodes (and the anchor or not)."""

    mask: int
    touches_anchor: bool
    per_bit: list[int]
    to_anchor: int = 0
    members: list[int] = field(default_factory=list)


def find_crossed_group(
    atoms: Iterable[tuple[A, int | None, int | None, int]],
    threshold: int,
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
) -> AuditResult[A]:
    """Atoms are (label, piece or None, band node or None, people); None marks an anchor."""
    edges: dict[tuple[int | None, int | None], list[A]] = {}
    pieces: dict[int, _Piece] = {}
    anchor_links: dict[int, int] = {}
    for label, piece, node, count in atoms:
        if count <= 0 or (piece is None and node is None):
            continue
        labels = edges.get((piece, node))
        if labels is None:
            edges[piece, node] = [label]
        else:
            labels.append(label)
        if piece is None:
            assert node is not None
            anchor_links[node] = anchor_links.get(node, 0) + count
            continue
        entry = pieces.get(piece)
        if entry is None:
            entry = pieces[piece] = _Piece()
        if node is None:
            entry.to_anchor += count
        else:
            entry.links[node] = entry.links.get(node, 0) + count
    search = _CrossedSearch(pieces, anchor_links, threshold, max_steps)
    found = search.run()
    if found is None:
        return AuditResult(Verdict.UNDECIDED if search.out_of_budget else Verdict.SAFE)
    group = frozenset(label for edge in found for label in edges[edge])
    return AuditResult(Verdict.LEAK, group, search.found_people)


def crossed_verdict(
    links: Mapping[int, Mapping[int, int]],
    to_anchor: Mapping[int, int],
    anchor_links: Mapping[int, int],
    threshold: int,
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
) -> Verdict:
    """The verdict alone, from atoms already summed per piece: its people per band node, and
    those tied to the anchor; the anchor's own people per band node. Same search, no labels.

    A piece smaller than the threshold is a leak by itself (the empty cut leaves it spare).
    Otherwise pieces linked to the same band nodes, with or without the anchor, are merged:
    every cut takes or leaves them alike and adds their people, so the verdict is unchanged.
    """
    merged: dict[tuple[frozenset[int], bool], _Piece] = {}
    for piece in links.keys() | to_anchor.keys():
        counts = {n: c for n, c in links.get(piece, {}).items() if c > 0}
        anchored = max(to_anchor.get(piece, 0), 0)
        people = anchored + sum(counts.values())
        if people == 0:
            continue
        if people < threshold:
            return Verdict.LEAK
        key = (frozenset(counts), anchored > 0)
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = _Piece()
        entry.to_anchor += anchored
        for node, count in counts.items():
            entry.links[node] = entry.links.get(node, 0) + count
    pieces = dict(enumerate(merged.values()))
    anchored_nodes = {n: c for n, c in anchor_links.items() if c > 0}
    search = _CrossedSearch(pieces, anchored_nodes, threshold, max_steps)
    if search.run() is not None:
        return Verdict.LEAK
    return Verdict.UNDECIDED if search.out_of_budget else Verdict.SAFE


class _CrossedSearch:
    def __init__(
        self,
        pieces: dict[int, _Piece],
        anchor_links: dict[int, int],
        threshold: int,
        max_steps: int,
    ) -> None:
        self.pieces = pieces
        self.anchor_links = anchor_links
        self.threshold = threshold
        self.steps_left = max_steps
        self.out_of_budget = False
        self.found_people = 0

    def run(self) -> list[tuple[int | None, int | None]] | None:
        for nodes, members in self._components():
            found = self._component(nodes, members)
            if found is not None or self.out_of_budget:
                return found
        return None

    def _components(self) -> list[tuple[list[int], list[int]]]:
        owner: dict[int, int] = {}

        def find(node: int) -> int:
            while owner.setdefault(node, node) != node:
                owner[node] = owner[owner[node]]
                node = owner[node]
            return node

        for entry in self.pieces.values():
            linked = sorted(entry.links)
            for node in linked[1:]:
                owner[find(node)] = find(linked[0])
        nodes_of: dict[int, list[int]] = {}
        for node in sorted(
            set(self.anchor_links) | {n for p in self.pieces.values() for n in p.links}
        ):
            nodes_of.setdefault(find(node), []).append(node)
        members_of: dict[int | None, list[int]] = {}
        for piece in sorted(self.pieces):
            links = self.pieces[piece].links
            members_of.setdefault(find(min(links)) if links else None, []).append(piece)
        components = [(nodes, members_of.get(root, [])) for root, nodes in nodes_of.items()]
        return [([], members_of.get(None, [])), *components]

    def _component(
        self, nodes: list[int], members: list[int]
    ) -> list[tuple[int | None, int | None]] | None:
        if 2 << len(nodes) > self.steps_left:
            self.out_of_budget = True
            return None
        position = {node: i for i, node in enumerate(nodes)}
        groups: dict[tuple[int, bool], _Group] = {}
        smallest: dict[tuple[int, bool], tuple[int, int]] = {}
        width = len(nodes)
        for piece in members:
            entry = self.pieces[piece]
            links = entry.links
            mask = 0
            for node in links:
                mask |= 1 << position[node]
            key = (mask, entry.to_anchor > 0)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(mask, key[1], [0] * width)
            per_bit = group.per_bit
            for node, count in links.items():
                per_bit[position[node]] += count
            group.to_anchor += entry.to_anchor
            group.members.append(piece)
            total = entry.to_anchor + sum(links.values())
            best = smallest.get(key)
            if best is None or total < best[0]:
                smallest[key] = (total, piece)
        anchor_mask = sum(1 << position[n] for n in self.anchor_links if n in position)
        anchor_per_bit = [self.anchor_links.get(node, 0) for node in nodes]
        cost = 2 * (1 << len(nodes)) * (len(groups) + 1)
        if cost > self.steps_left:
            self.out_of_budget = True
            return None
        self.steps_left -= cost
        outside = {key: _outside_table(group.per_bit) for key, group in groups.items()}
        anchor_outside = _outside_table(anchor_per_bit)
        for anchored in (False, True):
            for chosen in range(1 << len(nodes)):
                if not anchored and chosen & anchor_mask:
                    continue
                forced_people = 0
                spare: tuple[int, int] | None = None
                for key, group in groups.items():
                    if group.mask & chosen or (anchored and group.touches_anchor):
                        forced_people += outside[key][chosen]
                        forced_people += 0 if anchored else group.to_anchor
                    elif spare is None or smallest[key][0] < spare[0]:
                        spare = smallest[key]
                if anchored:
                    forced_people += anchor_outside[chosen]
                if 0 < forced_people < self.threshold:
                    self.found_people = forced_people
                    return self._cut(nodes, position, groups, chosen, anchored)
                if forced_people == 0 and spare is not None and spare[0] < self.threshold:
                    self.found_people = spare[0]
                    return self._edges_of(spare[1], position, chosen, anchored=anchored)
        return None

    def _cut(
        self,
        nodes: list[int],
        position: dict[int, int],
        groups: dict[tuple[int, bool], _Group],
        chosen: int,
        anchored: bool,
    ) -> list[tuple[int | None, int | None]]:
        edges: list[tuple[int | None, int | None]] = []
        for group in groups.values():
            if group.mask & chosen or (anchored and group.touches_anchor):
                for piece in group.members:
                    edges.extend(self._edges_of(piece, position, chosen, anchored=anchored))
        if anchored:
            edges.extend(
                (None, node)
                for i, node in enumerate(nodes)
                if not chosen >> i & 1 and node in self.anchor_links
            )
        return edges

    def _edges_of(
        self, piece: int, position: dict[int, int], chosen: int, *, anchored: bool
    ) -> list[tuple[int | None, int | None]]:
        """The edges from a piece in S to band nodes (or the anchor) outside S."""
        entry = self.pieces[piece]
        edges: list[tuple[int | None, int | None]] = [
            (piece, node) for node in entry.links if not chosen >> position[node] & 1
        ]
        if not anchored and entry.to_anchor > 0:
            edges.append((piece, None))
        return edges


def _outside_table(per_bit: list[int]) -> list[int]:
    """For every set of chosen band nodes, the people on the nodes left out of it."""
    table = [sum(per_bit)] * (1 << len(per_bit))
    for chosen in range(1, len(table)):
        lowest = chosen & -chosen
        table[chosen] = table[chosen ^ lowest] - per_bit[lowest.bit_length() - 1]
    return table
