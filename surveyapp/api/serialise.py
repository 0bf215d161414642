"""The domain's results as API bodies: the same published numbers the pages show, nothing more.

A hidden value becomes its ``Suppressed*`` model with the plan's reason code beside the words,
so a machine never has to parse a sentence; a value with a score becomes its ``Published*``.
"""

from __future__ import annotations

from collections.abc import Sequence

from surveyapp.domain.banks import QuestionKind
from surveyapp.domain.disclosure import Reason
from surveyapp.domain.results import (
    HeatmapRow,
    QuestionResult,
    ThemeResult,
    TreeUnit,
    TrendPoint,
    UnitResults,
    subtree_headcount,
)
from surveyapp.models import Wave, WaveState

from .schemas import catalogue, results, trends
from .schemas.common import Score


def _why(words: str | None, reason: Reason | None) -> dict[str, object]:
    """A hidden value's ``reason_code`` and ``suppressed_because``: the domain gives every hidden
    value both (tests/domain/results check that they agree)."""
    if words is None or reason is None:
        raise ValueError(f"a hidden value needs its words and its code: {words!r}, {reason!r}")
    return {"reason_code": reason, "suppressed_because": words}


STATES: dict[WaveState, catalogue.State] = {WaveState.OPEN: "open", WaveState.CLOSED: "closed"}
"""Drafts are never listed: they have no results and no frozen thresholds."""


def wave(value: Wave, top_unit_id: int) -> catalogue.Wave:
    assert value.min_group_size is not None and value.min_comment_group_size is not None
    return catalogue.Wave(
        id=value.id,
        name=value.name,
        state=STATES[value.state],
        bank=value.bank_key,
        bank_version=value.bank_version,
        opens_on=value.opens_on,
        closes_on=value.closes_on,
        min_group_size=value.min_group_size,
        min_comment_group_size=value.min_comment_group_size,
        top_unit_id=top_unit_id,
    )


def unit(tree: Sequence[TreeUnit], unit_id: int) -> catalogue.Unit:
    """A unit with its own headcount and its subtree's, from the wave's frozen tree."""
    found = next(u for u in tree if u.unit_id == unit_id)
    return catalogue.Unit(
        id=found.unit_id,
        name=found.name,
        parent_id=found.parent_id,
        own_headcount=found.headcount,
        total_headcount=subtree_headcount(tree, unit_id),
    )


def theme(value: ThemeResult) -> results.PublishedTheme | results.SuppressedTheme:
    if value.score is None:
        return results.SuppressedTheme(
            status="suppressed",
            key=value.key,
            title=value.title,
            **_why(value.hidden, value.reason),
        )
    return results.PublishedTheme(
        status="published",
        key=value.key,
        title=value.title,
        score=Score.of(value.score),
        note=value.note,
    )


def question(value: QuestionResult) -> results.PublishedQuestion | results.SuppressedQuestion:
    if value.hidden is not None:
        return results.SuppressedQuestion(
            status="suppressed",
            key=value.key,
            text=value.text,
            kind=QuestionKind(value.kind),
            **_why(value.hidden, value.reason),
        )
    return results.PublishedQuestion(
        status="published",
        key=value.key,
        text=value.text,
        kind=QuestionKind(value.kind),
        n=value.n,
        answers=[
            results.AnswerShare(label=o.label, count=o.count, percent=round(o.percent, 1))
            for o in value.options
        ],
        score=None if value.score is None else Score.of(value.score),
        note=value.note,
    )


def child(row: HeatmapRow) -> results.PublishedChild | results.SuppressedChild:
    if row.hidden is not None or row.responses is None:
        assert row.unit_id is not None, "an other-teams cell is listed only when published"
        return results.SuppressedChild(
            status="suppressed",
            unit_id=row.unit_id,
            label=row.label,
            **_why(row.hidden, row.reason),
        )
    return results.PublishedChild(
        status="published",
        unit_id=row.unit_id,
        label=row.label,
        responses=row.responses,
        themes=[theme(t) for t in row.themes],
        note=row.note,
    )


def supervision(
    value: UnitResults,
) -> results.PublishedSupervision | results.SuppressedSupervision | None:
    found = value.supervision
    if found is None:
        return None
    if found.hidden is not None:
        return results.SuppressedSupervision(
            status="suppressed",
            standard_max_days=found.max_days,
            **_why(found.hidden, found.reason),
        )
    return results.PublishedSupervision(
        status="published",
        within_standard_percent=round(found.percent_within, 1),
        standard_max_days=found.max_days,
        n=found.n,
        note=found.note,
    )


def unit_results(
    value: UnitResults, wave_id: int, tree: Sequence[TreeUnit], digest: str
) -> results.UnitResults:
    common = {
        "wave_id": wave_id,
        "unit": unit(tree, value.unit.unit_id),
        "min_group_size": value.k,
        "min_comment_group_size": value.k_comments,
        "plan_sha256": digest,
    }
    if value.responses is None:
        return results.UnitResults(
            results.SuppressedUnitResults(
                status="suppressed",
                **_why(value.hidden, value.reason),
                **common,
            )
        )
    rate = value.response_rate
    recommend = value.recommend
    return results.UnitResults(
        results.PublishedUnitResults(
            status="published",
            responses=value.responses,
            responses_note=value.responses_note,
            response_rate_percent=None if rate is None else round(rate, 1),
            themes=[theme(t) for t in value.themes],
            questions=[question(q) for q in value.questions],
            recommend=None
            if recommend is None
            else results.Recommend(
                score=round(recommend.score, 1), n=recommend.n, note=value.recommend_note
            ),
            supervision=supervision(value),
            children=[child(row) for row in value.heatmap],
            **common,
        )
    )


CHANGES = {
    "up": trends.Change.UP,
    "down": trends.Change.DOWN,
    "no clear change": trends.Change.NO_CLEAR_CHANGE,
}
"""``TrendPoint.marker``'s words as the API's codes."""


def point(wave_: Wave, value: TrendPoint) -> trends.Point:
    if value.score is not None:
        return trends.PublishedPoint(
            status="published",
            wave_id=wave_.id,
            wave_name=wave_.name,
            score=Score.of(value.score),
            change=CHANGES[value.marker],
            p_value=None if value.change is None else round(value.change.p_value, 4),
            note=value.note,
        )
    if value.reason is None:
        return trends.AbsentPoint(status="not_in_wave", wave_id=wave_.id, wave_name=wave_.name)
    return trends.SuppressedPoint(
        status="suppressed",
        wave_id=wave_.id,
        wave_name=wave_.name,
        **_why(value.hidden, value.reason),
    )
