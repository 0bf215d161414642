"""Computes the publication plan of one wave snapshot: every rule, in one place, once.

Order matters and is fixed: respondent counts on the unit tree first (they decide which nodes,
and which "other teams" rollups, exist for everything else); then each question, theme and
comment pool on that tree; then demographic breakdowns against the finished tree. Later steps
only ever hide more, so nothing decided earlier can be undone into a leak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.breakdown import TreeState, plan_breakdowns
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import (
    Cell,
    PublicationPlan,
    Reason,
    Rollup,
    Usefulness,
    rollup_node,
)
from surveyapp.domain.disclosure.release import may_release_snapshot
from surveyapp.domain.disclosure.residual import plan_rollups, settle
from surveyapp.domain.disclosure.tree import subtree_totals, unit_tree, with_rollups


def compute_plan(plan_input: PlanInput) -> PublicationPlan:
    """The plan every view, chart, export, API and report of this snapshot reads from."""
    plan = _Planner(plan_input).run()
    hidden = _hidden_because(plan_input)
    if hidden is None:
        return plan
    return PublicationPlan(
        k=plan.k,
        k_comments=plan.k_comments,
        cells=[
            Cell(cell.node, cell.measure, reason=hidden)
            for cell in plan.cells()
            if isinstance(cell.node, int)
        ],
        usefulness=Usefulness(
            plan.usefulness.candidate_cells, plan.usefulness.published_primary_only, 0
        ),
    )


def _hidden_because(plan_input: PlanInput) -> Reason | None:
    if not plan_input.wave_is_open:
        return None
    if not plan_input.live_results:
        return Reason.WAVE_STILL_OPEN
    released = may_release_snapshot(
        last_released_total=plan_input.last_released_total,
        current_total=plan_input.total_responses,
        k=plan_input.k,
    )
    return None if released else Reason.NOT_RELEASED


class _Planner:
    def __init__(self, plan_input: PlanInput) -> None:
        self.input = plan_input
        self.tree = unit_tree(plan_input.units)
        self.unit_count = self.tree.size
        self.index = {int(unit_id): i for i, unit_id in enumerate(self.tree.nodes)}
        self.cells: list[Cell] = []
        self.answered: dict[str, list[int]] = {}
        self.candidates = 0
        self.primary = 0
        self.shown = 0

    def run(self) -> PublicationPlan:
        source, tree = self.input, self.tree
        direct = self._direct(source.responses.items())
        settled = settle(tree, subtree_totals(tree, direct), [True] * tree.size, source.k)
        pools = plan_rollups(tree, settled, source.k)
        full = self.full = with_rollups(tree, pools)
        rolled = {member for _, members in pools for member in members}
        self.published = settled.published + [True] * len(pools)
        self.totals = subtree_totals(full, direct + [0] * len(pools))
        self.reasons: list[Reason | None] = [
            None
            if self.published[i]
            else Reason.ROLLED_UP
            if i in rolled
            else Reason.BELOW_MINIMUM
            if self.totals[i] < source.k
            else Reason.PROTECTS_ANOTHER_CELL
            for i in range(full.size)
        ]
        self._emit(measures.RESPONSES, self.totals, self.reasons, source.k)
        answered = self._by_key(source.question_answered.items())
        options = self._options_by_key()
        questions = {
            key: self._question(key, answered.get(key), options.get(key, {}))
            for key in source.question_keys
        }
        self._themes(questions)
        written = self._by_key(source.comment_counts.items())
        for prompt in source.prompts:
            totals, reasons = self._family(
                written[prompt], source.k_comments, Reason.COMMENTS_BELOW_MINIMUM
            )
            self._emit(measures.comments(prompt), totals, reasons, source.k_comments)
        state = TreeState(
            tree=tree,
            with_rollups=full,
            published=self.published,
            reasons=self.reasons,
            totals=self.totals,
            pools={
                str(full.nodes[tree.size + i]): tuple(int(tree.nodes[m]) for m in members)
                for i, (_, members) in enumerate(pools)
            },
        )
        for band_cell in plan_breakdowns(source, state):
            self.candidates += 1
            self.primary += band_cell.n >= source.k
            self.shown += band_cell.reason is None
            measure = measures.band(band_cell.dimension, band_cell.band)
            self.cells.append(
                Cell(band_cell.unit_id, measure, None, band_cell.reason)
                if band_cell.reason
                else Cell(band_cell.unit_id, measure, band_cell.n)
            )
        names = {unit.unit_id: unit.name for unit in source.units}
        rollups = [
            Rollup(
                node=rollup_node(int(tree.nodes[parent])),
                parent_id=int(tree.nodes[parent]),
                label=f"other teams in {names[int(tree.nodes[parent])]}",
                unit_ids=frozenset(int(tree.nodes[m]) for m in members),
            )
            for parent, members in pools
        ]
        return PublicationPlan(
            k=source.k,
            k_comments=source.k_comments,
            cells=self.cells,
            rollups=rollups,
            usefulness=Usefulness(self.candidates, self.primary, self.shown),
        )

    def _direct(self, counts: Iterable[tuple[int, int]]) -> list[int]:
        direct = [0] * self.unit_count
        for unit_id, count in counts:
            direct[self.index[unit_id]] = count
        return direct

    def _by_key(self, counts: Iterable[tuple[tuple[int, str], int]]) -> dict[str, list[int]]:
        """Direct counts per key (question or prompt), read from the input in one pass."""
        by_key: dict[str, list[int]] = {}
        for (unit_id, key), count in counts:
            row = by_key.get(key)
            if row is None:
                row = by_key[key] = [0] * self.unit_count
            row[self.index[unit_id]] = count
        return by_key

    def _options_by_key(self) -> dict[str, dict[str, list[int]]]:
        by_key: dict[str, dict[str, list[int]]] = {}
        for (unit_id, key), counts in self.input.question_options.items():
            per_option = by_key.setdefault(key, {})
            for option, count in counts.items():
                row = per_option.get(option)
                if row is None:
                    row = per_option[option] = [0] * self.unit_count
                row[self.index[unit_id]] = count
        return by_key

    def _emit(
        self,
        measure: str,
        totals: Sequence[int],
        reasons: Sequence[Reason | None],
        threshold: int,
        primary: Sequence[bool] | None = None,
        options: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        """Record one measure's decisions; only unit cells count towards usefulness."""
        cells, nodes = self.cells, self.full.nodes
        for i, reason in enumerate(reasons):
            if reason is not None:
                cells.append(Cell(nodes[i], measure, None, reason))
            elif options is None:
                cells.append(Cell(nodes[i], measure, totals[i]))
            else:
                shown = tuple((option, row[i]) for option, row in options.items())
                cells.append(Cell(nodes[i], measure, totals[i], None, shown))
        units = self.unit_count
        self.candidates += units
        if primary is None:
            self.primary += sum(1 for n in totals[:units] if n >= threshold)
        else:
            self.primary += sum(primary[:units])
        self.shown += sum(1 for reason in reasons[:units] if reason is None)

    def _family(
        self, direct: list[int], threshold: int, below: Reason
    ) -> tuple[list[int], list[Reason | None]]:
        """Settle one measure on the tree with rollups, on the nodes whose responses are shown."""
        totals = subtree_totals(self.full, direct + [0] * (self.full.size - self.unit_count))
        settled = settle(self.full, totals, self.published, threshold)
        reasons: list[Reason | None] = [
            None
            if settled.published[i]
            else below
            if totals[i] < threshold
            else self.reasons[i] or Reason.PROTECTS_ANOTHER_CELL
            for i in range(self.full.size)
        ]
        return totals, reasons

    def _question(
        self, key: str, answered: list[int] | None, options: Mapping[str, list[int]]
    ) -> list[bool]:
        """Settle one question; its published cells carry their answer option counts."""
        totals, reasons = self._family(
            answered or [0] * self.unit_count, self.input.k, Reason.BELOW_MINIMUM
        )
        self.answered[key] = totals
        padding = [0] * (self.full.size - self.unit_count)
        option_totals = {
            option: subtree_totals(self.full, options[option] + padding)
            for option in sorted(options)
        }
        self._emit(measures.question(key), totals, reasons, self.input.k, None, option_totals)
        return [reason is None for reason in reasons]

    def _themes(self, questions: dict[str, list[bool]]) -> None:
        """A theme score is the mean of its questions' scores, so it is shown only with all of
        them: with one hidden, the theme and the shown questions would reveal it."""
        source, k = self.input, self.input.k
        for theme_key in sorted(source.themes):
            keys = source.themes[theme_key]
            reasons: list[Reason | None] = []
            primary: list[bool] = []
            for i, reason in enumerate(self.reasons):
                if reason is None and not all(questions[key][i] for key in keys):
                    reason = Reason.QUESTION_WITHHELD
                reasons.append(reason)
                primary.append(
                    self.totals[i] >= k and all(self.answered[key][i] >= k for key in keys)
                )
            self._emit(measures.theme(theme_key), self.totals, reasons, k, primary)
