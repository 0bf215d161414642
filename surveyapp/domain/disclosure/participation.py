"""Participation counts of an open wave follow the results' two rules (DESIGN.md §3.3, §3.4, §3.6).

While a wave is open, how many answered in a small team says who is answering, and a count
that moves says when: a manager who sees a team of three go from 1 to 2 just after Sam left the
room knows Sam answered. So a unit's count is shown only from the wave's ``k`` up, and, as for
results, only where subtracting the counts shown below it leaves 0 or at least ``k``
(``residual.settle``, the planner's own rule): "Family Help 15" beside "Team A 6, Team B 9" is
fine, but "Test Council 18" beside "Family Help 15" would give the 3 people elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure.inputs import UnitNode
from surveyapp.domain.disclosure.residual import settle
from surveyapp.domain.disclosure.tree import subtree_totals, unit_tree


@dataclass(frozen=True)
class ShownCounts:
    """Which units' counts (each with everything below it) an open wave may show."""

    shown: frozenset[int]
    protecting: frozenset[int]
    """Counts of ``k`` or more that are hidden because of the counts around them."""


def shown_while_open(
    units: Sequence[UnitNode], responses: Mapping[int, int], threshold: int
) -> ShownCounts:
    """``responses`` counts each unit's own respondents (not those of the units below it)."""
    if not units:
        return ShownCounts(frozenset(), frozenset())
    tree = unit_tree(units)
    direct = [responses.get(int(node), 0) for node in tree.nodes]
    settled = settle(tree, subtree_totals(tree, direct), [True] * tree.size, threshold)
    return ShownCounts(
        shown=frozenset(int(tree.nodes[i]) for i in range(tree.size) if settled.published[i]),
        protecting=frozenset(int(tree.nodes[i]) for i in settled.protecting),
    )
