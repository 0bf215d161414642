"""What an analyst sees for one unit of one wave, built only from a publication plan.

- ``reasons``: why a hidden cell is hidden, in plain words;
- ``unit``: a unit's results (themes, questions, heatmap, supervision, comment pools);
- ``trends``: a theme across waves, with the change called only where a test shows one;
- ``comparisons``: heatmap cells against the organisation and the wave before;
- ``breakdowns``: results by role or length of service, where the plan publishes them.
"""

from .breakdowns import BandResult, Breakdown, breakdowns
from .comparisons import (
    ComparedHeatmap,
    ComparedRow,
    ComparedTheme,
    Difference,
    compare_heatmap,
    difference,
)
from .empty_states import no_results_sentence
from .reasons import why_hidden
from .trends import TrendPoint, theme_trend
from .unit import (
    HeatmapRow,
    OptionShare,
    QuestionResult,
    Shown,
    Supervision,
    ThemeResult,
    TreeUnit,
    UnitResults,
    question_result,
    subtree_headcount,
    theme_result,
    unit_results,
)

__all__ = [
    "BandResult",
    "Breakdown",
    "ComparedHeatmap",
    "ComparedRow",
    "ComparedTheme",
    "Difference",
    "breakdowns",
    "compare_heatmap",
    "difference",
    "no_results_sentence",
    "HeatmapRow",
    "OptionShare",
    "QuestionResult",
    "Shown",
    "Supervision",
    "ThemeResult",
    "TreeUnit",
    "TrendPoint",
    "UnitResults",
    "question_result",
    "subtree_headcount",
    "theme_result",
    "theme_trend",
    "unit_results",
    "why_hidden",
]
