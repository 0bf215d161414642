"""The residual rules for band cells, along both dimensions of a breakdown.

Within a breakdown unit, its total minus its shown bands is 0 or at least k; between breakdown
units, a band's count minus the same band at the nearest breakdown units below is 0 or at least
k. Band cells and band-question cells are repaired by the same rules, one victim at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from surveyapp.domain.disclosure.breakdown.state import BandReasons
from surveyapp.domain.disclosure.residual import is_safe_residual
from surveyapp.domain.disclosure.tree import Tree


def next_victim(
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
