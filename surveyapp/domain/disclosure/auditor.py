"""The general auditor: can any small group be derived by adding and subtracting published cells?

A published cell is a set of atoms (a unit's direct respondents, crossed with a band where
breakdowns exist). A group is derivable when its 0/1 indicator vector over the atoms lies in the
rational span of the published cells' indicator vectors; it is a leak when it holds between 1 and
threshold - 1 people. Atoms with nobody in them cannot tell anyone anything, so they are dropped,
and atoms lying in exactly the same cells are merged (every derivable vector treats them alike).

The search is exact: Gauss-Jordan elimination in integers gives the span as combinations of pivot
rows, so a derivable 0/1 vector is fixed by its pivot coordinates; those are enumerated depth
first, pruned whenever a finished coordinate is not 0/1 or the people counted reach the threshold.
With limits it becomes the production gate: running out of budget answers "undecided", which
callers must treat as unsafe.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

A = TypeVar("A", bound=Hashable)


class Verdict(StrEnum):
    SAFE = "safe"
    LEAK = "leak"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class AuditResult(Generic[A]):
    """SAFE is a proof; LEAK comes with a witness group; UNDECIDED means the budget ran out."""

    verdict: Verdict
    group: frozenset[A] = field(default_factory=frozenset)
    people: int = 0

    @property
    def is_proven_safe(self) -> bool:
        return self.verdict is Verdict.SAFE


MAX_RANK = 900
"""The search recurses once per independent cell; beyond this the answer is "undecided"."""


class _OutOfBudget(Exception):
    pass


def find_derivable_group(
    cells: Iterable[Iterable[A]],
    counts: Mapping[A, int],
    threshold: int,
    *,
    max_classes: int | None = None,
    max_nodes: int | None = None,
) -> AuditResult[A]:
    """Search every derivable group; without limits this is the exhaustive test oracle."""
    membership: dict[A, list[int]] = {}
    for index, cell in enumerate(cells):
        for atom in cell:
            if counts.get(atom, 0) > 0:
                membership.setdefault(atom, []).append(index)
    classes: dict[tuple[int, ...], list[A]] = {}
    for atom, where in membership.items():
        classes.setdefault(tuple(where), []).append(atom)
    if max_classes is not None and len(classes) > max_classes:
        return AuditResult(Verdict.UNDECIDED)
    ordered = sorted(classes.items(), key=lambda item: (-sum(counts[a] for a in item[1]), item[0]))
    people = [sum(counts[a] for a in atoms) for _, atoms in ordered]
    rows_by_cell: dict[int, list[int]] = {}
    for column, (signature, _) in enumerate(ordered):
        for index in signature:
            rows_by_cell.setdefault(index, [0] * len(ordered))[column] = 1
    rows = _reduce(list({tuple(row) for row in rows_by_cell.values()}))
    if len(rows) > MAX_RANK:
        return AuditResult(Verdict.UNDECIDED)
    search = _Search(rows, people, threshold, max_nodes)
    try:
        chosen = search.run()
    except _OutOfBudget:
        return AuditResult(Verdict.UNDECIDED)
    if chosen is None:
        return AuditResult(Verdict.SAFE)
    group = frozenset(atom for column in chosen for atom in ordered[column][1])
    return AuditResult(Verdict.LEAK, group, sum(people[c] for c in chosen))


def _reduce(rows: list[tuple[int, ...]]) -> list[list[int]]:
    """Integer Gauss-Jordan: each kept row has a positive pivot that is 0 in every other row."""
    work = [list(row) for row in sorted(rows, reverse=True)]
    width = len(work[0]) if work else 0
    rank = 0
    for column in range(width):
        pick = next((i for i in range(rank, len(work)) if work[i][column] != 0), None)
        if pick is None:
            continue
        work[rank], work[pick] = work[pick], work[rank]
        pivot_row = work[rank]
        a = pivot_row[column]
        for i, row in enumerate(work):
            b = row[column]
            if i != rank and b != 0:
                combined = [a * x - b * y for x, y in zip(row, pivot_row, strict=True)]
                divisor = math.gcd(*combined) or 1
                work[i] = [x // divisor for x in combined]
        rank += 1
    reduced = work[:rank]
    for i, row in enumerate(reduced):
        lead = next(x for x in row if x != 0)
        if lead < 0:
            reduced[i] = [-x for x in row]
    return reduced


class _Search:
    """Depth-first choice of each pivot coordinate (0 or 1) with interval pruning."""

    def __init__(
        self, rows: list[list[int]], people: Sequence[int], threshold: int, max_nodes: int | None
    ) -> None:
        leads = [next(x for x in row if x != 0) for row in rows]
        scale = math.lcm(*leads) if leads else 1
        self.rows = [
            [x * (scale // lead) for x in row] for row, lead in zip(rows, leads, strict=True)
        ]
        self.scale = scale
        self.people = people
        self.threshold = threshold
        self.max_nodes = max_nodes
        self.nodes = 0
        self.value = [0] * len(people)
        ahead_low = [0] * len(people)
        ahead_high = [0] * len(people)
        self.steps: list[list[tuple[int, int, int, int]]] = []
        for row in reversed(self.rows):
            step = []
            for column, x in enumerate(row):
                if x != 0:
                    step.append((column, x, ahead_low[column], ahead_high[column]))
            for column, x in enumerate(row):
                if x < 0:
                    ahead_low[column] += x
                else:
                    ahead_high[column] += x
            self.steps.append(step)
        self.steps.reverse()

    def run(self) -> list[int] | None:
        if self._descend(0, 0):
            return [c for c, v in enumerate(self.value) if v == self.scale]
        return None

    def _descend(self, depth: int, counted: int) -> bool:
        self.nodes += 1
        if self.max_nodes is not None and self.nodes > self.max_nodes:
            raise _OutOfBudget
        if depth == len(self.steps):
            return counted > 0
        for take in (False, True):
            added = self._apply(depth, take)
            if 0 <= added < self.threshold - counted and self._descend(depth + 1, counted + added):
                return True
            if take:
                for column, x, _, _ in self.steps[depth]:
                    self.value[column] -= x
        return False

    def _apply(self, depth: int, take: bool) -> int:
        """Add the row if taken; return the people in columns now final, or -1 if infeasible."""
        added = 0
        feasible = True
        scale = self.scale
        for column, x, low, high in self.steps[depth]:
            if take:
                self.value[column] += x
            value = self.value[column]
            if low == 0 and high == 0:
                if value == scale:
                    added += self.people[column]
                elif value != 0:
                    feasible = False
            elif value + high < 0 or value + low > scale or 0 < value + low <= value + high < scale:
                feasible = False
        return added if feasible else -1
