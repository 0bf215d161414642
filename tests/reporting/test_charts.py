"""Charts as a reader meets them: text large enough on the screen each size is for, labels whole,
ticks apart, and legends that look like the marks they explain."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from surveyapp.domain.results import OptionShare, QuestionResult, ThemeResult, TrendPoint
from surveyapp.domain.scoring import AgreementScore, ChangeTest
from surveyapp.reporting import charts
from surveyapp.reporting.chart_style import NARROW, SIZES, WIDE, ChartSize

SVG = "{http://www.w3.org/2000/svg}"
PHONE_CONTENT_WIDTH = 328
"""A 360 px screen less the page's margins: a picture this wide is never scaled down there."""
TITLES = (
    "Morale and wellbeing",
    "Workload",
    "Quality of supervision and of the written records kept of it",
    "Trust in managers",
    "Intention to stay",
)
WAVES = ("Pulse: spring 2025", "Pulse: summer 2025", "Pulse: autumn 2025", "Pulse: winter 2026")


def themes() -> list[ThemeResult]:
    scores = [(180, 300), (120, 300), (99, 300), (290, 300), (150, 300)]
    return [
        ThemeResult(key=f"t{i}", title=t, score=AgreementScore(f, n, 3.1))
        for i, (t, (f, n)) in enumerate(zip(TITLES, scores, strict=True))
    ] + [ThemeResult(hidden="fewer than 5 responses", key="hidden", title="Hidden theme")]


def trends() -> list[tuple[str, list[TrendPoint]]]:
    series = []
    for i, title in enumerate(TITLES):
        points = []
        for j, wave in enumerate(WAVES):
            change = None if j == 0 else ChangeTest(3.0 if (i + j) % 3 else -3.0, 0.003)
            points.append(
                TrendPoint(
                    wave_label=wave,
                    score=AgreementScore(100 + 20 * i + 9 * j, 300, 3.0),
                    change=change,
                )
            )
        series.append((title, points))
    return series


def question() -> QuestionResult:
    labels = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    return QuestionResult(
        key="q",
        text="I can raise a concern or disagree with a manager without worrying about what "
        "happens to me.",
        kind="agreement",
        n=100,
        options=tuple(OptionShare(label, 20, 20.0) for label in labels),
    )


BUILDERS: dict[str, Callable[[ChartSize], dict[str, Any]]] = {
    "themes": lambda size: charts.theme_scores_spec(themes(), "Theme scores: Northbridge", size),
    "trend": lambda size: charts.trend_spec(trends(), "Themes over time: Northbridge", size),
    "question": lambda size: charts.distribution_spec(question(), question().text, size),
}


def svg(name: str, size: ChartSize) -> ET.Element:
    return ET.fromstring(charts.render(BUILDERS[name](size)))


def texts(root: ET.Element, role: str = "") -> list[str]:
    """Every text of the picture (a wrapped one as its lines joined), or those of one role."""
    found = []
    for group in root.iter(f"{SVG}g"):
        if role and role not in group.get("class", "").split():
            continue
        for text in group.findall(f"{SVG}text"):
            found.append(" ".join(part.strip() for part in text.itertext() if part.strip()))
    return found


def paths(root: ET.Element, role: str) -> list[ET.Element]:
    return [
        path
        for group in root.iter(f"{SVG}g")
        if role in group.get("class", "").split()
        for path in group.iter(f"{SVG}path")
    ]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
@pytest.mark.parametrize("name", BUILDERS)
def test_text_is_at_least_12_px_at_the_width_it_is_shown(name: str, size: ChartSize) -> None:
    root = svg(name, size)
    assert float(root.get("width", "0")) == size.width
    assert NARROW.width <= PHONE_CONTENT_WIDTH
    sizes = [float(t.get("font-size", "0").removesuffix("px")) for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 12


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_labels_are_whole_never_truncated(size: ChartSize) -> None:
    for name in BUILDERS:
        shown = " | ".join(texts(svg(name, size)))
        assert "…" not in shown
    theme_labels = texts(svg("themes", size), "role-axis-label")
    for title in TITLES:
        assert title in theme_labels
    trend_legend = texts(svg("trend", size), "role-legend-label")
    for title in TITLES:
        assert title in trend_legend
    assert question().text in " ".join(texts(svg("question", size), "role-title-text"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_percent_axes_have_ticks_far_enough_apart(size: ChartSize) -> None:
    for name in BUILDERS:
        labels = texts(svg(name, size), "role-axis-label")
        assert [t for t in labels if t.isdigit()] == ["0", "25", "50", "75", "100"], name


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_trend_legend_draws_each_theme_like_its_line(size: ChartSize) -> None:
    root = svg("trend", size)
    lines = {
        (p.get("stroke"), p.get("stroke-dasharray"), p.get("stroke-width"))
        for p in paths(root, "mark-line")
    }
    symbols = paths(root, "role-legend-symbol")
    strokes = {
        (p.get("stroke"), p.get("stroke-dasharray"), p.get("stroke-width"))
        for p in symbols
        if p.get("stroke-dasharray")
    }
    assert len(lines) == len(TITLES) and strokes == lines
    assert all(p.get("opacity") in (None, "1") for p in symbols)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_change_markers_are_in_the_legend_drawn_as_on_the_chart(size: ChartSize) -> None:
    root = svg("trend", size)
    assert {"Clear rise", "Clear fall"} <= set(texts(root, "role-legend-label"))
    markers = {(p.get("d"), p.get("stroke")) for p in paths(root, "layer_3_marks")}
    keyed = {(p.get("d"), p.get("stroke")) for p in paths(root, "role-legend-symbol")}
    assert len(markers) == 2 and markers <= keyed


def test_narrow_and_wide_renderings_are_cached_apart() -> None:
    key = ("test-cache", object())
    built: list[str] = []

    def build(size: ChartSize) -> dict[str, Any]:
        built.append(size.name)
        return BUILDERS["themes"](size)

    wide = charts.render_once(key, build, WIDE)
    narrow = charts.render_once(key, build, NARROW)
    assert charts.render_once(key, build, WIDE) == wide
    assert charts.render_once(key, build, NARROW) == narrow
    assert built == ["wide", "narrow"]
    assert b'width="320"' in narrow and b'width="580"' in wide
