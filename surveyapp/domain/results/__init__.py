"""What an analyst sees for one unit of one wave, built only from a publication plan.

- ``reasons``: why a hidden cell is hidden, in plain words;
- ``unit``: a unit's results (themes, questions, heatmap, supervision, comment pools);
- ``trends``: a theme across waves, with the change called only where a test shows one.
"""

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
