"""Computes the publication plan of one wave snapshot: every rule, in one place, once.

Order matters and is fixed: respondent counts on the unit tree first (they decide which nodes,
and which "other teams" rollups, exist for everything else); then each question, theme and
comment pool on that tree; then demographic breakdowns against the finished tree. Later steps
only ever hide more, so nothing decided earlier can be undone into a leak.

When earlier snapshots of the wave were released (live results), each tree measure is settled
against them too (history.py): the residual rule and the cross-snapshot check are repeated
until both hold, no new rollups are made (the released ones are kept), and demographic
breakdowns are not shown, neither live nor in a plan that follows live releases.

The plan of a closed wave after live releases then shows again, as the last release showed
them, the cells of that release it would otherwise hide (``is_from_last_release``): a wave whose
last few responses cannot be shown keeps what was already public instead of going dark. That
adds nothing to what viewers hold: they are the release's own cells, numbers and answers, so
everything the plans show together is still the releases plus the cells settled above, which
the cross-snapshot check has proved. Comment pools are not repeated: their texts are read when
shown, and those of the last release cannot be told from later ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from operator import attrgetter, is_

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.breakdown import QuestionState, TreeState, plan_breakdowns
from surveyapp.domain.disclosure.count_table import CountTable
from surveyapp.domain.disclosure.history import History, MeasureHistory, pools_of
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import (
    Cell,
    PublicationPlan,
    Reason,
    Rollup,
    Usefulness,
    decided_cell,
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
        self.live = source.wave_is_open and source.live_results
        self.last_release = (
            source.releases[-1] if source.releases and not source.wave_is_open else None
        )
        self.history: History | None = None
        if source.releases:
            pools = pools_of(tree, source.releases)
            self.history = History(with_rollups(tree, pools), source.releases)
        else:
            settled = settle(tree, subtree_totals(tree, direct), [True] * tree.size, source.k)
            pools = plan_rollups(tree, settled, source.k)
        full = self.full = with_rollups(tree, pools)
        self.totals = subtree_totals(full, direct + [0] * len(pools))
        why: dict[int, Reason] = {}
        if self.history is None:
            self.published = settled.published + [True] * len(pools)
        else:
            self.published, why = self._settle_with_history(
                measures.RESPONSES, self.totals, direct, [True] * full.size, source.k
            )
        rolled = {
            member
            for i, (_, members) in enumerate(pools)
            if self.published[tree.size + i]
            for member in members
        }
        self.reasons: list[Reason | None] = [
            None
            if self.published[i]
            else Reason.ROLLED_UP
            if i in rolled
            else _reason(self.totals[i], source.k, Reason.BELOW_MINIMUM, None, why.get(i))
            for i in range(full.size)
        ]
        self.responses = self._emit(
            measures.RESPONSES,
            self.totals,
            self.reasons,
            source.k,
            repeated=self._repeated(measures.RESPONSES, self.reasons, with_answers=False),
        )
        answered = self._by_key(source.question_answered.items())
        options = self._options_by_key()
        self.question_states: dict[str, QuestionState] = {}
        questions = {
            key: self._question(key, answered.get(key), options.get(key, {}))
            for key in source.question_keys
        }
        self._themes(questions)
        written = self._by_key(source.comment_counts.items())
        for prompt in source.prompts:
            totals, reasons = self._family(
                measures.comments(prompt),
                written[prompt],
                source.k_comments,
                Reason.COMMENTS_BELOW_MINIMUM,
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
            questions=self.question_states,
            live=self.live or self.history is not None,
        )
        for band_cell in plan_breakdowns(source, state):
            self.candidates += 1
            self.primary += band_cell.n >= source.k
            self.shown += band_cell.reason is None
            self.cells.append(
                Cell(band_cell.unit_id, band_cell.measure, None, band_cell.reason)
                if band_cell.reason
                else Cell(
                    band_cell.unit_id, band_cell.measure, band_cell.n, None, band_cell.distribution
                )
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
        options = self.input.question_options
        if isinstance(options, CountTable):
            return options.rows(self.index, self.unit_count)
        by_key: dict[str, dict[str, list[int]]] = {}
        for (unit_id, key), counts in options.items():
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
        repeated: Mapping[int, Cell] | None = None,
    ) -> list[Cell]:
        """Record one measure's decisions, with a ``repeated`` cell (one the last release showed)
        in place of the node's own; only unit cells count towards usefulness. Returns the cells,
        one per node."""
        cells: list[Cell] = []
        nodes = self.full.nodes
        names = tuple(options or ())
        by_node = list(zip(*options.values(), strict=True)) if options else []
        for i, reason in enumerate(reasons):
            again = repeated.get(i) if repeated else None
            if again is not None:
                cells.append(again)
            elif reason is not None:
                cells.append(decided_cell(nodes[i], measure, None, reason))
            elif options is None:
                cells.append(decided_cell(nodes[i], measure, totals[i], None))
            else:
                shown = tuple(zip(names, by_node[i], strict=True)) if names else ()
                cells.append(decided_cell(nodes[i], measure, totals[i], None, shown))
        self.cells.extend(cells)
        units = self.unit_count
        self.candidates += units
        if primary is None:
            self.primary += sum(1 for n in totals[:units] if n >= threshold)
        else:
            self.primary += sum(primary[:units])
        self.shown += sum(1 for cell in cells[:units] if cell.reason is None)
        return cells

    def _repeated(
        self, measure: str, reasons: Sequence[Reason | None], *, with_answers: bool
    ) -> dict[int, Cell]:
        """In the plan of a closed wave after live releases: the hidden nodes whose cell the last
        release showed, each as that release showed it (with its answer counts, where the
        measure has them: a release given without them cannot be repeated)."""
        last = self.last_release
        if last is None:
            return {}
        found: dict[int, Cell] = {}
        for i, reason in enumerate(reasons):
            key = (self.full.nodes[i], measure)
            n = last.cells.get(key)
            if reason is None or n is None:
                continue
            answers = last.distributions.get(key)
            if with_answers and answers is None:
                continue
            found[i] = Cell(key[0], measure, n, None, answers, is_from_last_release=True)
        return found

    def _family(
        self, measure: str, direct: list[int], threshold: int, below: Reason
    ) -> tuple[list[int], list[Reason | None]]:
        """Settle one measure on the tree with rollups, on the nodes whose responses are shown."""
        totals = subtree_totals(self.full, direct + [0] * (self.full.size - self.unit_count))
        if self.history is None:
            published = settle(self.full, totals, self.published, threshold).published
            why: dict[int, Reason] = {}
        else:
            published, why = self._settle_with_history(
                measure, totals, direct, self.published, threshold
            )
        reasons = [
            None
            if published[i]
            else _reason(totals[i], threshold, below, self.reasons[i], why.get(i))
            for i in range(self.full.size)
        ]
        return totals, reasons

    def _settle_with_history(
        self,
        measure: str,
        totals: list[int],
        direct: Sequence[int],
        eligible: Sequence[bool],
        threshold: int,
    ) -> tuple[list[bool], dict[int, Reason]]:
        """Settle, check against the released snapshots, hide what fails, and repeat until both
        the residual rule and the cross-snapshot check hold (each turn hides at least one more
        node, so it ends). A live snapshot may only show cells the last release showed."""
        assert self.history is not None
        history: MeasureHistory = self.history.of(measure)
        allowed = list(eligible)
        why: dict[int, Reason] = {}
        if self.live:
            for node, last in enumerate(history.last):
                if allowed[node] and not last:
                    allowed[node] = False
                    why[node] = Reason.NOT_IN_EARLIER_RELEASE
        while True:
            published = settle(self.full, totals, allowed, threshold).published
            victims = history.leaking(published, totals, direct, threshold)
            if not victims:
                return published, why
            for node, reason in victims.items():
                allowed[node] = False
                why[node] = reason

    def _question(
        self, key: str, answered: list[int] | None, options: Mapping[str, list[int]]
    ) -> list[Cell]:
        """Settle one question; its published cells carry their answer option counts."""
        totals, reasons = self._family(
            measures.question(key),
            answered or [0] * self.unit_count,
            self.input.k,
            Reason.BELOW_MINIMUM,
        )
        self.answered[key] = totals
        self.question_states[key] = QuestionState(
            direct=answered or [0] * self.unit_count,
            totals=totals,
            published=[reason is None for reason in reasons],
            reasons=reasons,
        )
        padding = [0] * (self.full.size - self.unit_count)
        option_totals = {
            option: subtree_totals(self.full, options[option] + padding)
            for option in sorted(options)
        }
        measure = measures.question(key)
        return self._emit(
            measure,
            totals,
            reasons,
            self.input.k,
            None,
            option_totals,
            self._repeated(measure, reasons, with_answers=True),
        )

    def _themes(self, questions: dict[str, list[Cell]]) -> None:
        """A theme score is the mean of its questions' scores, so it is shown only with all of
        them: with one hidden, the theme and the shown questions would reveal it. Where some of
        them repeat the last release, so does the theme (its n is the responses cell's)."""
        source, k = self.input, self.input.k
        for theme_key in sorted(source.themes):
            keys = source.themes[theme_key]
            measure = measures.theme(theme_key)
            asked = [questions[key] for key in keys]
            # Per node, across the theme's questions: in columns, a pass of C loops each.
            all_shown = list(
                map(all, zip(*(map(_IS_NONE, map(_REASON, cells)) for cells in asked), strict=True))
            )
            any_repeated = list(
                map(any, zip(*(map(_REPEATED, cells) for cells in asked), strict=True))
            )
            all_enough = list(
                map(all, zip(*([n >= k for n in self.answered[key]] for key in keys), strict=True))
            )
            reasons: list[Reason | None] = []
            primary: list[bool] = []
            repeated: dict[int, Cell] = {}
            for i, people in enumerate(self.responses):
                reason = people.reason
                if reason is None and not all_shown[i]:
                    reason = Reason.QUESTION_WITHHELD
                if reason is None and (people.is_from_last_release or any_repeated[i]):
                    repeated[i] = Cell(people.node, measure, people.n, is_from_last_release=True)
                reasons.append(reason)
                primary.append(self.totals[i] >= k and all_enough[i])
            self._emit(measure, self.totals, reasons, k, primary, repeated=repeated)


_REASON = attrgetter("reason")
_REPEATED = attrgetter("is_from_last_release")
_IS_NONE = partial(is_, None)


def _reason(
    total: int, threshold: int, below: Reason, inherited: Reason | None, why: Reason | None
) -> Reason:
    """Why a hidden node is hidden, the most basic reason first."""
    if total < threshold:
        return below
    return inherited or why or Reason.PROTECTS_ANOTHER_CELL
