"""What a web worker does once before its first request, so that no respondent or reader waits
for it: every template compiled, and the chart engine started (``gunicorn.conf.py``).

Templates are compiled in the master, before the fork, so the workers share them; the chart
engine runs threads of its own, which a fork does not copy, so each worker starts its own.
"""

from __future__ import annotations

from flask import Flask

from surveyapp.domain.results import ThemeResult, TrendPoint
from surveyapp.domain.scoring import AgreementScore, ChangeTest
from surveyapp.reporting import charts
from surveyapp.reporting.chart_style import SIZES

__all__ = ["compile_templates", "start_engine"]

PRACTICE_THEMES = 5
PRACTICE_WAVES = 4


def compile_templates(app: Flask) -> int:
    """Compile every template the app can render; returns how many (for the start-up log)."""
    names = app.jinja_env.list_templates(extensions=["html"])
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def start_engine() -> None:
    """Start the chart engine and draw a dashboard's charts once, at every size, with made-up
    figures: the first charts a worker draws took twice as long as later ones (Altair's first
    specs, the engine's first axes, legends and lines), and that was a reader's first
    dashboard. The practice pictures are not kept."""
    charts.start_engine()
    themes = [
        ThemeResult(key=f"t{i}", title=f"Theme {i}", score=AgreementScore(60 + 40 * i, 300, 3.1))
        for i in range(PRACTICE_THEMES)
    ]
    series = [
        (
            f"Theme {i}",
            [
                TrendPoint(
                    wave_label=f"Wave {j}",
                    score=AgreementScore(100 + 20 * i + 9 * j, 300, 3.0),
                    change=ChangeTest(3.0 if (i + j) % 3 else -3.0, 0.003) if j else None,
                )
                for j in range(PRACTICE_WAVES)
            ],
        )
        for i in range(PRACTICE_THEMES)
    ]
    for size in SIZES:
        charts.render(charts.theme_scores_spec(themes, "Theme scores", size))
        charts.render(charts.trend_spec(series, "Themes over time", size))
