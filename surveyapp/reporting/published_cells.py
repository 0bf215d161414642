"""The published cells of a wave for some units, as rows a person can read: what exports carry.

Only cells the plan publishes carry numbers; suppressed cells are listed with their reason and
no number, so a reader of the file can see what is missing and why. Each row says in words what
it counts (unit and its path, theme, question, answer) beside the machine keys, and the scores
(% favourable, its Wilson interval, the mean) are worked out by ``surveyapp.domain.scoring``
from the published answer distributions, as every page does. A cell the final plan repeats from
the last live update carries that note, so its n is not read as the final count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import Cell, PublicationPlan, measures
from surveyapp.domain.disclosure.plan import NodeId
from surveyapp.domain.results import TreeUnit, theme_result, why_hidden
from surveyapp.domain.results.reasons import note_of
from surveyapp.domain.scoring import AgreementScore, agreement_score
from surveyapp.domain.wording import words

from .cell_wording import BankWording, Wording

COLUMNS = (  # headings a person reads (in their language), then the keys a program reads
    words("Wave"),
    words("Unit"),
    words("Unit path"),
    words("Group"),
    words("Theme"),
    words("Measure"),
    words("Question or prompt"),
    words("Answer"),
    "n",
    words("Count"),
    words("% of answers"),
    words("% favourable"),
    words("%(share)s interval low", share="95%"),
    words("%(share)s interval high", share="95%"),
    words("Mean (1–5)"),
    words("Suppressed because"),
    words("Note"),
    "unit_id",
    "measure_id",
    "answer_code",
)
PATH_SEPARATOR = " > "
ANSWER = words("Answer")


@dataclass(frozen=True)
class Row:
    wave: str
    unit: str
    unit_path: str
    group: str
    theme: str
    measure: str
    question: str
    answer: str
    n: int | None
    count: int | None
    percent: float | None
    favourable: float | None
    low: float | None
    high: float | None
    mean: float | None
    suppressed: str
    note: str
    unit_id: int | str
    measure_id: str
    answer_code: str

    def as_list(self) -> list[object]:
        return list(astuple(self))


@dataclass(frozen=True)
class _Node:
    node: NodeId
    name: str
    path: str
    order: int


def _nodes(
    plan: PublicationPlan, tree: Sequence[TreeUnit], wanted: set[int]
) -> dict[NodeId, _Node]:
    """The wanted units and their "other teams" rollups, in tree order (children by name, a
    parent's rollup after its children), each with its path from the top."""
    children: dict[int | None, list[TreeUnit]] = {}
    for unit in tree:
        children.setdefault(unit.parent_id, []).append(unit)
    rollups = {
        r.parent_id: r for r in plan.rollups if r.parent_id in wanted and r.unit_ids <= wanted
    }
    found: dict[NodeId, _Node] = {}

    def visit(unit: TreeUnit, path: str) -> None:
        if unit.unit_id in wanted:
            found[unit.unit_id] = _Node(unit.unit_id, unit.name, path, len(found))
        for child in sorted(children.get(unit.unit_id, []), key=lambda u: u.name):
            visit(child, f"{path}{PATH_SEPARATOR}{child.name}")
        rollup = rollups.get(unit.unit_id)
        if rollup is not None:
            path_of = f"{path}{PATH_SEPARATOR}{rollup.label}"
            found[rollup.node] = _Node(rollup.node, rollup.label, path_of, len(found))

    for top in sorted(children.get(None, []), key=lambda u: u.name):
        visit(top, top.name)
    return found


class _RowMaker:
    def __init__(self, plan: PublicationPlan, bank: Bank, wave_name: str) -> None:
        self.plan, self.bank, self.wave_name = plan, bank, wave_name
        self.wording = BankWording(bank)

    def rows(self, where: _Node, cell: Cell) -> list[Row]:
        words = self.wording.of(cell.measure)
        if not cell.is_published:
            reason = why_hidden(cell.reason, self.plan.k, self.plan.k_comments)
            return [self._row(where, cell, words, suppressed=reason)]
        score, hidden = self._score(where, cell, words)
        summary = self._row(where, cell, words, score=score, suppressed=hidden)
        answers = sorted(
            (self.wording.answer(words.question_key, code), code, count)
            for code, count in cell.distribution or ()
        )
        return [summary] + [
            self._row(where, cell, words, answer=(label, code), count=count)
            for (_, label), code, count in answers
        ]

    def _score(self, where: _Node, cell: Cell, words: Wording) -> tuple[AgreementScore | None, str]:
        """The agreement score of a question or theme cell, or why a published theme has none."""
        if cell.measure.startswith(f"{measures.THEME}:"):
            result = theme_result(self.plan, where.node, self.bank, cell.measure.split(":", 1)[1])
            return result.score, result.hidden or ""
        question = self.wording.question(words.question_key)
        if question is None or question.kind is not QuestionKind.AGREEMENT:
            return None, ""
        if not cell.distribution:
            return None, ""
        return agreement_score(dict(cell.distribution), question.is_reverse_coded), ""

    def _row(
        self,
        where: _Node,
        cell: Cell,
        words: Wording,
        *,
        score: AgreementScore | None = None,
        answer: tuple[str, str] = ("", ""),
        count: int | None = None,
        suppressed: str = "",
    ) -> Row:
        label, code = answer
        percent = round(100 * count / cell.n, 1) if count is not None and cell.n else None
        return Row(
            wave=self.wave_name,
            unit=where.name,
            unit_path=where.path,
            group=words.group,
            theme=words.theme,
            measure=ANSWER if code else words.measure,
            question=words.question,
            answer=label,
            n=cell.n,
            count=count,
            percent=percent,
            favourable=round(score.percent, 1) if score else None,
            low=round(score.interval[0], 1) if score else None,
            high=round(score.interval[1], 1) if score else None,
            mean=round(score.mean, 2) if score else None,
            suppressed=suppressed,
            note=note_of(cell) or "",
            unit_id=where.node,
            measure_id=cell.measure,
            answer_code=code,
        )


def published_rows(
    plan: PublicationPlan,
    bank: Bank,
    tree: Sequence[TreeUnit],
    unit_ids: Iterable[int],
    wave_name: str,
) -> list[Row]:
    """A row per cell of the wanted units (and their rollups) and one per answer option of a
    published distribution, in tree order and then the bank's order."""
    nodes = _nodes(plan, tree, set(unit_ids))
    maker = _RowMaker(plan, bank, wave_name)
    cells = sorted(
        (cell for cell in plan.cells() if cell.node in nodes),
        key=lambda c: (nodes[c.node].order, maker.wording.of(c.measure).order, c.measure),
    )
    return [row for cell in cells for row in maker.rows(nodes[cell.node], cell)]
