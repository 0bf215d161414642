"""The published cells of a wave for some units, as flat rows: what exports and the API carry.

Only cells the plan publishes carry numbers; suppressed cells are listed with their reason and
no number, so a reader of the file can see what is missing and why. A cell the final plan
repeats from the last live update carries that note, so its n is not read as the final count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.results import TreeUnit, why_hidden
from surveyapp.domain.results.reasons import note_of

COLUMNS = ("unit", "unit_id", "measure", "n", "answer", "count", "suppressed", "note")


@dataclass(frozen=True)
class Row:
    unit: str
    unit_id: str
    measure: str
    n: int | None
    answer: str
    count: int | None
    suppressed: str
    note: str = ""

    def as_list(self) -> list[object]:
        return [
            self.unit,
            self.unit_id,
            self.measure,
            self.n,
            self.answer,
            self.count,
            self.suppressed,
            self.note,
        ]


def published_rows(
    plan: PublicationPlan, tree: Sequence[TreeUnit], unit_ids: Iterable[int]
) -> list[Row]:
    """One row per published cell (and one per answer option of a distribution)."""
    wanted = set(unit_ids)
    names = {u.unit_id: u.name for u in tree}
    rollups = {r.node: r for r in plan.rollups if r.parent_id in wanted and r.unit_ids <= wanted}
    rows: list[Row] = []
    for cell in sorted(plan.cells(), key=lambda c: (str(c.node), c.measure)):
        if isinstance(cell.node, int):
            if cell.node not in wanted:
                continue
            label, node_id = names.get(cell.node, str(cell.node)), str(cell.node)
        elif cell.node in rollups:
            label, node_id = rollups[cell.node].label, cell.node
        else:
            continue
        if cell.reason is not None:
            rows.append(
                Row(
                    label,
                    node_id,
                    cell.measure,
                    None,
                    "",
                    None,
                    why_hidden(cell.reason, plan.k, plan.k_comments),
                )
            )
            continue
        note = note_of(cell) or ""
        rows.append(Row(label, node_id, cell.measure, cell.n, "", None, "", note))
        for answer, count in cell.distribution or ():
            rows.append(Row(label, node_id, cell.measure, cell.n, answer, count, "", note))
    return rows
