"""What an analyst sees for one unit of one wave: scores, answers, heatmap, supervision.

Every number comes from a published cell; every hidden one carries the sentence saying why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from surveyapp.domain.banks import (
    AGREEMENT_LABELS,
    Bank,
    Question,
    QuestionKind,
    SupervisionStandard,
)
from surveyapp.domain.disclosure import PublicationPlan, Reason, measures
from surveyapp.domain.disclosure.plan import NodeId
from surveyapp.domain.scoring import (
    AgreementScore,
    RecommendScore,
    agreement_score,
    pooled_score,
    recommend_score,
    share_within,
)

from .reasons import cell_of, note_of, reason_of, why_hidden


@dataclass(frozen=True)
class TreeUnit:
    unit_id: int
    parent_id: int | None
    name: str
    headcount: int


@dataclass(frozen=True)
class Shown:
    """A published value, or why it is hidden."""

    hidden: str | None = None
    note: str | None = None
    """On a published value: "as at the last update before the survey closed" where the final
    plan repeats it from the last live release (reasons.py), else None."""
    reason: Reason | None = None
    """On a hidden value, the plan's code for why (``hidden`` is its words); None where it is
    published, or where there was no cell to hide (a unit that was not part of a wave)."""


@dataclass(frozen=True)
class ThemeResult(Shown):
    key: str = ""
    title: str = ""
    score: AgreementScore | None = None


@dataclass(frozen=True)
class OptionShare:
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class QuestionResult(Shown):
    key: str = ""
    text: str = ""
    kind: str = ""
    n: int = 0
    options: tuple[OptionShare, ...] = ()
    score: AgreementScore | None = None


@dataclass(frozen=True)
class HeatmapRow(Shown):
    label: str = ""
    unit_id: int | None = None
    responses: int | None = None
    themes: tuple[ThemeResult, ...] = ()
    pooled: frozenset[int] = frozenset()
    """The units whose people are behind the row (one unit, or those an "other teams" pools)."""

    def is_visible_to(self, visible: frozenset[int]) -> bool:
        return bool(self.pooled) and self.pooled <= visible


@dataclass(frozen=True)
class Supervision(Shown):
    options: tuple[OptionShare, ...] = ()
    within: int = 0
    n: int = 0
    max_days: int = 31
    within_standard: int | None = None
    """Within the standard, holding newly qualified staff to their stricter norm; None where
    the plan does not publish the newly qualified band's answers here."""
    newly_qualified_max_days: int | None = None

    @property
    def percent_within(self) -> float:
        return 100 * self.within / self.n if self.n else 0.0

    @property
    def percent_within_standard(self) -> float | None:
        if self.within_standard is None or not self.n:
            return None
        return 100 * self.within_standard / self.n


@dataclass(frozen=True)
class UnitResults:
    unit: TreeUnit
    k: int
    k_comments: int
    responses: int | None
    hidden: str | None
    themes: tuple[ThemeResult, ...]
    questions: tuple[QuestionResult, ...]
    recommend: RecommendScore | None
    supervision: Supervision | None
    heatmap: tuple[HeatmapRow, ...]
    comment_pools: tuple[tuple[str, str, str | None], ...]

    headcount: int = 0
    """Everyone in the unit's subtree, as the wave froze it."""
    responses_note: str | None = None
    recommend_note: str | None = None
    reason: Reason | None = None
    """Where the unit's responses are hidden, the plan's code for why (``hidden`` is its words)."""

    @property
    def repeats_last_release(self) -> bool:
        """Whether any value here is shown as the last live update showed it."""
        shown: list[Shown] = [*self.themes, *self.questions, *self.heatmap]
        shown.extend(theme for row in self.heatmap for theme in row.themes)
        if self.supervision is not None:
            shown.append(self.supervision)
        notes = [self.responses_note, self.recommend_note, *(value.note for value in shown)]
        return any(note is not None for note in notes)

    @property
    def response_rate(self) -> float | None:
        if self.responses is None or not self.headcount:
            return None
        return 100 * self.responses / self.headcount


def _distribution(plan: PublicationPlan, node: NodeId, key: str) -> Mapping[str, int] | None:
    cell = cell_of(plan, node, measures.question(key))
    if cell is None or not cell.is_published or cell.distribution is None:
        return None
    return dict(cell.distribution)


def _labels(question: Question) -> list[tuple[str, str]]:
    if question.kind is QuestionKind.AGREEMENT:
        return [(str(i), label) for i, label in enumerate(AGREEMENT_LABELS, start=1)]
    if question.kind is QuestionKind.RECOMMEND:
        return [(str(i), str(i)) for i in range(11)]
    return [(o.key, o.label) for o in question.options]


def question_result(plan: PublicationPlan, node: NodeId, question: Question) -> QuestionResult:
    measure = measures.question(question.key)
    distribution = _distribution(plan, node, question.key)
    if distribution is None:
        reason = reason_of(plan, node, measure)
        return QuestionResult(
            hidden=why_hidden(reason, plan.k, plan.k_comments),
            reason=reason,
            key=question.key,
            text=question.text,
            kind=question.kind.value,
        )
    n = sum(distribution.values())
    options = tuple(
        OptionShare(label, distribution.get(raw, 0), 100 * distribution.get(raw, 0) / n)
        for raw, label in _labels(question)
    )
    score = (
        agreement_score(distribution, question.is_reverse_coded)
        if question.kind is QuestionKind.AGREEMENT
        else None
    )
    return QuestionResult(
        note=note_of(cell_of(plan, node, measure)),
        key=question.key,
        text=question.text,
        kind=question.kind.value,
        n=n,
        options=options,
        score=score,
    )


def theme_result(plan: PublicationPlan, node: NodeId, bank: Bank, theme_key: str) -> ThemeResult:
    theme = next(t for t in bank.themes if t.key == theme_key)
    measure = measures.theme(theme_key)
    if not plan.is_published(node, measure):
        reason = reason_of(plan, node, measure)
        return ThemeResult(
            hidden=why_hidden(reason, plan.k, plan.k_comments),
            reason=reason,
            key=theme.key,
            title=theme.title,
        )
    scores = []
    for question in bank.theme_questions(theme_key):
        distribution = _distribution(plan, node, question.key)
        if question.kind is QuestionKind.AGREEMENT and distribution:
            scores.append(agreement_score(distribution, question.is_reverse_coded))
    if not scores:
        return ThemeResult(
            hidden=why_hidden(Reason.QUESTION_WITHHELD, plan.k, plan.k_comments),
            reason=Reason.QUESTION_WITHHELD,
            key=theme.key,
            title=theme.title,
        )
    return ThemeResult(
        note=note_of(cell_of(plan, node, measure)),
        key=theme.key,
        title=theme.title,
        score=pooled_score(scores),
    )


def _children(tree: Sequence[TreeUnit], unit_id: int) -> list[TreeUnit]:
    return sorted((u for u in tree if u.parent_id == unit_id), key=lambda u: u.name)


def _heatmap(
    plan: PublicationPlan, tree: Sequence[TreeUnit], unit_id: int, bank: Bank
) -> tuple[HeatmapRow, ...]:
    rows = []
    for child in _children(tree, unit_id):
        cell = cell_of(plan, child.unit_id, measures.RESPONSES)
        if cell is None or not cell.is_published:
            reason = reason_of(plan, child.unit_id, measures.RESPONSES)
            rows.append(
                HeatmapRow(
                    hidden=why_hidden(reason, plan.k, plan.k_comments),
                    reason=reason,
                    label=child.name,
                    unit_id=child.unit_id,
                    pooled=frozenset({child.unit_id}),
                )
            )
            continue
        rows.append(
            HeatmapRow(
                note=note_of(cell),
                label=child.name,
                unit_id=child.unit_id,
                responses=cell.n,
                themes=tuple(theme_result(plan, child.unit_id, bank, t.key) for t in bank.themes),
                pooled=frozenset({child.unit_id}),
            )
        )
    rollup = plan.rollup(unit_id)
    if rollup is not None and plan.is_published(rollup.node, measures.RESPONSES):
        rows.append(
            HeatmapRow(
                note=note_of(plan.cell(rollup.node, measures.RESPONSES)),
                label=rollup.label,
                responses=plan.n(rollup.node, measures.RESPONSES),
                themes=tuple(theme_result(plan, rollup.node, bank, t.key) for t in bank.themes),
                pooled=rollup.unit_ids,
            )
        )
    return tuple(rows)


def _supervision(plan: PublicationPlan, node: NodeId, bank: Bank) -> Supervision | None:
    standard = bank.supervision_standard
    if standard is None:
        return None
    question = bank.question(standard.question)
    result = question_result(plan, node, question)
    if result.hidden is not None:
        return Supervision(hidden=result.hidden, reason=result.reason, max_days=standard.max_days)
    distribution = {
        o.key: share.count for o, share in zip(question.options, result.options, strict=True)
    }
    days = {o.key: o.within_days for o in question.options}
    within, n = share_within(distribution, days, standard.max_days)
    return Supervision(
        note=result.note,
        options=result.options,
        within=within,
        n=n,
        max_days=standard.max_days,
        within_standard=_within_standard(plan, node, standard, question.key, days, within),
        newly_qualified_max_days=standard.newly_qualified_max_days,
    )


def _within_standard(
    plan: PublicationPlan,
    node: NodeId,
    standard: SupervisionStandard,
    key: str,
    days: Mapping[str, int | None],
    within_monthly: int,
) -> int | None:
    """Everyone within the monthly norm, but newly qualified staff only within their stricter
    one; None unless the plan publishes the newly qualified band's answers at this node."""
    if not (standard.role_dimension and standard.newly_qualified_band):
        return None
    strict = standard.newly_qualified_max_days
    measure = measures.band_question(standard.role_dimension, standard.newly_qualified_band, key)
    cell = cell_of(plan, node, measure)
    if strict is None or cell is None or not cell.is_published or cell.distribution is None:
        return None
    newly_qualified = dict(cell.distribution)
    monthly, _ = share_within(newly_qualified, days, standard.max_days)
    stricter, _ = share_within(newly_qualified, days, strict)
    return within_monthly - monthly + stricter


def subtree_headcount(tree: Sequence[TreeUnit], unit_id: int) -> int:
    children: dict[int | None, list[TreeUnit]] = {}
    for unit in tree:
        children.setdefault(unit.parent_id, []).append(unit)
    total, stack = 0, [u for u in tree if u.unit_id == unit_id]
    while stack:
        unit = stack.pop()
        total += unit.headcount
        stack.extend(children.get(unit.unit_id, []))
    return total


def unit_results(
    plan: PublicationPlan, bank: Bank, tree: Sequence[TreeUnit], unit_id: int
) -> UnitResults:
    unit = next(u for u in tree if u.unit_id == unit_id)
    people = cell_of(plan, unit_id, measures.RESPONSES)
    responses = people.n if people is not None else None
    why = None if responses is not None else reason_of(plan, unit_id, measures.RESPONSES)
    hidden = None if why is None else why_hidden(why, plan.k, plan.k_comments)
    recommend, recommend_note = None, None
    for question in bank.questions:
        if question.kind is QuestionKind.RECOMMEND:
            distribution = _distribution(plan, unit_id, question.key)
            recommend = recommend_score(distribution) if distribution else None
            recommend_note = note_of(cell_of(plan, unit_id, measures.question(question.key)))
    pools = []
    for prompt in bank.comments:
        cell = cell_of(plan, unit_id, measures.comments(prompt.key))
        reason = Reason.COMMENTS_BELOW_MINIMUM if cell is None else cell.reason
        pools.append(
            (
                prompt.key,
                prompt.text,
                None if reason is None else why_hidden(reason, plan.k, plan.k_comments),
            )
        )
    return UnitResults(
        unit=unit,
        k=plan.k,
        k_comments=plan.k_comments,
        responses=responses,
        hidden=hidden,
        themes=tuple(theme_result(plan, unit_id, bank, t.key) for t in bank.themes),
        questions=tuple(question_result(plan, unit_id, q) for q in bank.questions),
        recommend=recommend,
        supervision=_supervision(plan, unit_id, bank),
        heatmap=_heatmap(plan, tree, unit_id, bank),
        comment_pools=tuple(pools),
        headcount=subtree_headcount(tree, unit_id),
        responses_note=note_of(people),
        recommend_note=recommend_note,
        reason=why,
    )
