"""Per-question results within a band ("% supervised within the standard", newly qualified).

A band-question cell is shown only where its band cell and its question's cell at the unit are
shown and the question's own residual and crossed audits hold (see the package note).
"""

from __future__ import annotations

from collections.abc import Sequence

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.auditor import Verdict
from surveyapp.domain.disclosure.breakdown.atoms import band_owners, summed_verdict
from surveyapp.domain.disclosure.breakdown.residuals import next_victim
from surveyapp.domain.disclosure.breakdown.state import (
    BandCell,
    BandReasons,
    TreeState,
    breakdown_indices,
    shown_cells,
)
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import Reason
from surveyapp.domain.disclosure.tree import Tree


class BandQuestions:
    """Per-band answer counts, read from the input once: direct counts per unit for the gate,
    sums at each breakdown unit for the rules, and option counts for the cells finally shown."""

    def __init__(self, plan_input: PlanInput, tree: Tree) -> None:
        self.input = plan_input
        self.tree = tree
        position = {node: i for i, node in enumerate(tree.nodes)}
        self.position = position
        at = set(breakdown_indices(plan_input, tree))
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
            found = self.owners[key] = band_owners(self.tree, shown, bands)
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


def band_question(
    plan_input: PlanInput,
    state: TreeState,
    index: BandQuestions,
    dimension: str,
    key: str,
    band_reason: BandReasons,
    active: bool,
) -> list[tuple[BandCell, str]]:
    """The cells of one question broken down by one dimension's bands (see the module note)."""
    tree, k = state.tree, plan_input.k
    bands = plan_input.dimensions[dimension]
    at = breakdown_indices(plan_input, tree)
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
    while (victim := next_victim(tree, question.totals, at, bands, totals, reason, k)) is not None:
        reason[victim] = Reason.PROTECTS_ANOTHER_CELL
    shown = shown_cells(reason)
    if shown:
        entries = index.entries.get((dimension, key), [])
        owner = index.owners_of(shown, bands)
        verdict = summed_verdict(
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
