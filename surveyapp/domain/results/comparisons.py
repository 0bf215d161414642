"""Heatmap cells beside two references: the organisation, and the same unit a wave before.

A difference is taken only between two published scores, so it says nothing the published
cells do not already say; it is called a clear change only where the two-proportion test of
``scoring`` finds one (p < 0.05), as trends do. A unit is part of the organisation it is
compared with, so the two samples overlap and the test, which assumes they do not, is
conservative there: it calls fewer differences clear, never more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.scoring import AgreementScore, ChangeTest, two_proportion_test

from .unit import HeatmapRow, ThemeResult, UnitResults


@dataclass(frozen=True)
class Difference:
    """A score minus a reference score, in percentage points, with the test between them."""

    points: float
    test: ChangeTest

    @property
    def is_clear(self) -> bool:
        return self.test.is_significant

    @property
    def direction(self) -> str | None:
        """ "up" or "down" where the change is clear, else None."""
        if not self.is_clear:
            return None
        return "up" if self.points > 0 else "down"


@dataclass(frozen=True)
class ComparedTheme:
    """A heatmap cell and its differences (None where either side is not published)."""

    theme: ThemeResult
    vs_reference: Difference | None = None
    vs_previous: Difference | None = None


@dataclass(frozen=True)
class ComparedRow:
    row: HeatmapRow
    themes: tuple[ComparedTheme, ...]


@dataclass(frozen=True)
class ComparedHeatmap:
    """The heatmap of a unit's results, each cell compared with ``reference_name``'s score for
    its theme and with the same row in ``previous_name`` (None: no earlier wave to compare)."""

    reference_name: str
    previous_name: str | None
    rows: tuple[ComparedRow, ...]


def difference(score: AgreementScore | None, reference: AgreementScore | None) -> Difference | None:
    if score is None or reference is None:
        return None
    test = two_proportion_test(reference.favourable, reference.n, score.favourable, score.n)
    return Difference(score.percent - reference.percent, test)


def _same_row(row: HeatmapRow, earlier: Sequence[HeatmapRow]) -> HeatmapRow | None:
    """The row of an earlier wave for the same unit, or an "other teams" row pooling exactly
    the same units (a different pool is a different group)."""
    return next(
        (
            old
            for old in earlier
            if (old.unit_id, old.pooled) == (row.unit_id, row.pooled) and old.hidden is None
        ),
        None,
    )


def compare_heatmap(
    results: UnitResults,
    reference_name: str,
    reference: Sequence[ThemeResult],
    previous_name: str | None = None,
    previous: UnitResults | None = None,
) -> ComparedHeatmap:
    """``results``' heatmap with each published cell's differences from ``reference`` (the
    organisation's themes) and from ``previous`` (this unit's results a wave before)."""
    by_theme = {theme.key: theme.score for theme in reference}
    earlier = previous.heatmap if previous is not None else ()
    rows = []
    for row in results.heatmap:
        old = _same_row(row, earlier)
        old_scores = {t.key: t.score for t in old.themes} if old is not None else {}
        rows.append(
            ComparedRow(
                row,
                tuple(
                    ComparedTheme(
                        theme,
                        difference(theme.score, by_theme.get(theme.key)),
                        difference(theme.score, old_scores.get(theme.key)),
                    )
                    for theme in row.themes
                ),
            )
        )
    return ComparedHeatmap(reference_name, previous_name if previous else None, tuple(rows))
