"""Answer counts per unit and question held as one array, read as the mapping a plan takes.

A national wave's plan input has 57,000 (unit, question) groups of answer counts. Made into a
dict each, checked a count at a time and turned back into a row per answer for the planner,
they cost a third of computing the plan. A ``CountTable`` keeps the counts as the units x
questions x answers array they were counted into: the input's checks and the planner's rows
are a few array operations, and the dicts are made only for a reader that asks for them.
As a mapping it is exactly what ``field_counts`` gives: groups with any answer, in unit then
question order, each with its non-zero answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

Group = tuple[int, str]


class CountTable(Mapping[Group, Mapping[str, int]]):
    """(unit, question) -> answer -> how many, from ``counts[unit, question, answer]``."""

    def __init__(
        self,
        unit_ids: Sequence[int],
        keys: Sequence[str],
        answers: Sequence[Sequence[str]],
        counts: npt.NDArray[np.int64],
    ) -> None:
        """``counts`` has a row per unit of ``unit_ids``, a column per key, and per key a
        count for each of its ``answers`` (in their order), then zeros."""
        if counts.shape[:2] != (len(unit_ids), len(keys)) or len(answers) != len(keys):
            raise ValueError("the counts do not match their units and questions")
        if any(len(names) > counts.shape[2] for names in answers):
            raise ValueError("a question has more answers than the counts hold")
        self.unit_ids = list(unit_ids)
        self.questions = list(keys)
        self.answers = [tuple(names) for names in answers]
        self.counts = counts
        self._sums = counts.sum(axis=2)
        self._present = counts.any(axis=2)  # a group with any count, even one that is wrong

    @cached_property
    def _groups(self) -> list[Group]:
        unit_at, key_at = np.nonzero(self._present)
        units, questions = self.unit_ids, self.questions
        return [
            (units[u], questions[k]) for u, k in zip(unit_at.tolist(), key_at.tolist(), strict=True)
        ]

    @cached_property
    def _dicts(self) -> dict[Group, Mapping[str, int]]:
        unit_at, key_at = np.nonzero(self._present)
        found: dict[Group, Mapping[str, int]] = {}
        for group, u, k in zip(self._groups, unit_at.tolist(), key_at.tolist(), strict=True):
            names = self.answers[k]
            row = self.counts[u, k, : len(names)].tolist()
            found[group] = {name: n for name, n in zip(names, row, strict=True) if n}
        return found

    def __getitem__(self, group: Group) -> Mapping[str, int]:
        return self._dicts[group]

    def __iter__(self) -> Iterator[Group]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def totals(self) -> Mapping[Group, int]:
        """(unit, question) -> how many answered it, for the groups with any answer (made
        once: a plan input's answered counts are these, and its checks compare them)."""
        return self._totals

    @cached_property
    def _totals(self) -> Mapping[Group, int]:
        sums = self._sums[self._present].tolist()
        return dict(zip(self._groups, sums, strict=True))

    def holds(
        self, units: frozenset[int], responses: Mapping[int, int], answered: Mapping[Group, int]
    ) -> bool:
        """What ``PlanInput`` checks of answer counts, on the whole array: no count is
        negative, each group is of one of ``units``, no unit has more answers to a question
        than ``responses``, and ``answered`` is each group's total (``totals``)."""
        if len(self.counts) and self.counts.min() < 0:
            return False
        most = self._sums.max(axis=1, initial=0).tolist()
        for unit_id, answers in zip(self.unit_ids, most, strict=True):
            if answers and (unit_id not in units or answers > responses.get(unit_id, 0)):
                return False
        return answered is self._totals or dict(answered) == self._totals

    def rows(self, position: Mapping[int, int], size: int) -> dict[str, dict[str, list[int]]]:
        """question -> answer -> count per position, for the answers anyone gave: the
        planner's rows (``position``: a unit's place among ``size``)."""
        at = np.array([position[unit_id] for unit_id in self.unit_ids], dtype=np.int64)
        rows: dict[str, dict[str, list[int]]] = {}
        for k, key in enumerate(self.questions):
            names = self.answers[k]
            block = self.counts[:, k, : len(names)]
            given = np.flatnonzero(block.any(axis=0))
            if not len(given):
                continue
            placed = np.zeros((len(given), size), dtype=np.int64)
            placed[:, at] = block[:, given].T
            rows[key] = dict(zip((names[v] for v in given), placed.tolist(), strict=True))
        return rows
