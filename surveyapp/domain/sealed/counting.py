"""Count a wave's opened responses in memory, as columns: what a plan is computed from.

The plaintexts of a wave all have the layout's width, so joined they are one array of unit ids
and one byte column per field; every count a plan needs is a ``bincount`` over unit x column x
code. Nothing here is kept or written: the arrays live as long as the counting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from surveyapp.domain.disclosure.count_table import CountTable

from .layout import UNIT, Layout, LayoutError

Counts = dict[tuple[int, str], dict[str, int]]


class OpenedResponses:
    """A wave's responses as columns: unit ids, and one code per field (0: not answered)."""

    def __init__(self, plaintexts: Sequence[bytes] | bytes, layout: Layout) -> None:
        """``plaintexts``: one per response, or all of them end to end."""
        self.layout = layout
        width = layout.width
        joined = plaintexts if isinstance(plaintexts, bytes) else b"".join(plaintexts)
        if len(joined) % width:
            raise LayoutError(f"every response of this wave has {width} bytes")
        table = np.frombuffer(joined, dtype=np.uint8).reshape(len(joined) // width, width)
        units = table[:, : UNIT.size].copy().view("<u4").ravel().astype(np.int64)
        self.unit_ids, self._row_unit = _numbered(units)
        self.codes: npt.NDArray[np.uint8] = table[:, UNIT.size :]
        self._unit_list: list[int] = self.unit_ids.tolist()

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def per_unit(self) -> dict[int, int]:
        """Responses per unit, for units with any."""
        counts = np.bincount(self._row_unit, minlength=len(self._unit_list))
        return dict(zip(self._unit_list, counts.tolist(), strict=True))

    def cube(self, positions: Sequence[int] | None = None) -> npt.NDArray[np.int64]:
        """unit x field x code -> how many, for the fields at ``positions`` (default: all)."""
        chosen = range(self.codes.shape[1]) if positions is None else positions
        units = len(self._unit_list)
        depth = max((len(self.layout.fields[p].values) for p in chosen), default=0) + 1
        cube = np.zeros((units, len(chosen), depth), dtype=np.int64)
        base = self._row_unit * depth
        for at, field in enumerate(chosen):
            counts = np.bincount(base + self.codes[:, field], minlength=units * depth)
            cube[:, at, :] = counts.reshape(units, depth)
        return cube

    def field_counts(self, keys: Sequence[str]) -> Counts:
        """(unit, field) -> answer -> how many, for the given fields, without empty groups."""
        positions = [self.layout.position(key) for key in keys]
        values = [self.layout.fields[p].values for p in positions]
        return self._grouped(self.cube(positions)[:, :, 1:], list(keys), values)

    def field_table(self, keys: Sequence[str]) -> CountTable:
        """The same counts as ``field_counts``, kept as one array: what a plan is fed."""
        positions = [self.layout.position(key) for key in keys]
        values = [self.layout.fields[p].values for p in positions]
        return CountTable(self._unit_list, keys, values, self.cube(positions)[:, :, 1:])

    def flat_counts(self, keys: Sequence[str]) -> dict[tuple[int, str, str], int]:
        """(unit, field, answer) -> how many, without empty groups: band counts as a plan takes
        them."""
        positions = [self.layout.position(key) for key in keys]
        cube = self.cube(positions)[:, :, 1:]
        unit_at, field_at, value_at = np.nonzero(cube)
        units = self._unit_list
        return {
            (units[u], keys[f], self.layout.fields[positions[f]].values[v]): n
            for u, f, v, n in zip(
                unit_at.tolist(),
                field_at.tolist(),
                value_at.tolist(),
                cube[unit_at, field_at, value_at].tolist(),
                strict=True,
            )
        }

    def crossed(self, band: str, question: str) -> Counts:
        """(unit, band) -> answer to ``question`` -> how many, for those who gave both."""
        band_at, question_at = self.layout.position(band), self.layout.position(question)
        bands = self.layout.fields[band_at].values
        answers = self.layout.fields[question_at].values
        band_codes = self.codes[:, band_at].astype(np.int64)
        answer_codes = self.codes[:, question_at].astype(np.int64)
        both = (band_codes > 0) & (answer_codes > 0)
        index = (
            (self._row_unit[both] * len(bands) + band_codes[both] - 1) * len(answers)
            + answer_codes[both]
            - 1
        )
        size = len(self._unit_list) * len(bands) * len(answers)
        counts = np.bincount(index, minlength=size).reshape(
            len(self._unit_list), len(bands), len(answers)
        )
        return self._grouped(counts, list(bands), [answers] * len(bands))

    def _grouped(
        self, counts: npt.NDArray[np.int64], names: list[str], values: list[tuple[str, ...]]
    ) -> Counts:
        """Non-zero cells of a unit x group x value array as nested dicts, in array order.

        A national wave has some 230,000 of them in 55,000 groups: the texts are looked up by
        numpy, and each group's dict is made in one call.
        """
        unit_at, group_at, value_at = np.nonzero(counts)
        if not len(unit_at):
            return {}
        texts_of = np.empty((len(names), counts.shape[2]), dtype=object)
        for group, texts in enumerate(values):
            texts_of[group, : len(texts)] = texts
        texts = texts_of[group_at, value_at].tolist()
        numbers = counts[unit_at, group_at, value_at].tolist()
        group_key = unit_at * len(names) + group_at
        starts = [0, *(np.flatnonzero(np.diff(group_key)) + 1).tolist()]
        ends = [*starts[1:], len(texts)]
        units, heads, firsts = self._unit_list, unit_at.tolist(), group_at.tolist()
        return {
            (units[heads[start]], names[firsts[start]]): dict(
                zip(texts[start:end], numbers[start:end], strict=True)
            )
            for start, end in zip(starts, ends, strict=True)
        }


def _numbered(units: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct unit ids in order, and each row's place among them: ``np.unique`` with
    ``return_inverse``, without its sort where the ids are small (database keys, a few
    thousand in a council's tree)."""
    if not len(units) or int(units.max()) >= _DENSE_IDS:
        found, place = np.unique(units, return_inverse=True)
        return found, place.ravel()
    present = np.zeros(int(units.max()) + 1, dtype=np.bool_)
    present[units] = True
    return np.flatnonzero(present), (np.cumsum(present) - 1)[units]


_DENSE_IDS = 1 << 22
"""Below this, unit ids are numbered through an array of one flag per id (4 MB at most)."""
