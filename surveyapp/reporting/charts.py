"""Altair charts rendered on the server to SVG or PNG by vl-convert: no JavaScript, no network.

Each function takes already-published results (``surveyapp.domain.results``) and a size
(``chart_style.WIDE`` or ``NARROW``) and returns a Vega-Lite spec; ``render`` turns it into bytes.
Pages put both sizes inline beside a table with the same numbers (for screen readers and for
anyone who prefers figures to pictures) and CSS shows the one that fits the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import altair as alt
import vl_convert
from flask_babel import gettext

from surveyapp.domain.results import QuestionResult, ThemeResult, TrendPoint

from .chart_style import (
    BAND_COLOURS,
    BAND_LABELS,
    BAR_COLOUR,
    NARROW,
    PERCENT_TICKS,
    SERIES_COLOURS,
    SERIES_DASHES,
    SIZES,
    SPLIT_LINES,
    TEXT,
    WIDE,
    ChartSize,
    config,
    estimated_width,
    lines,
    wrap,
)

CHANGE_SHAPES = {"up": "triangle-up", "down": "triangle-down"}
CHANGE_SIZE = 260
SLANT_PADDING = 8
WAVE_GAP = 12
"""px kept clear between two wave names side by side."""


def _changes() -> dict[str, str]:
    """The legend of a trend's markers, in the reader's language."""
    return {"up": gettext("Clear rise"), "down": gettext("Clear fall")}


def _quoted(text: str) -> str:
    """Text inside a single-quoted Vega expression string."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _finish(
    chart: alt.TopLevelMixin,
    title: str,
    size: ChartSize,
    more_padding: int = 0,
    subtitle: str = "",
) -> dict[str, Any]:
    """The whole picture exactly ``size.width`` wide, whatever its labels and legend need;
    ``more_padding`` gives slanted labels room, left and below, for the corners of their
    rotated line boxes."""
    heading = alt.TitleParams(lines(title, size.title_chars))
    if subtitle:
        heading = alt.TitleParams(lines(title, size.title_chars), subtitle=subtitle)
    spec: dict[str, Any] = chart.properties(
        title=heading,
        width=size.width,
        padding={
            side: px + (more_padding if side in ("left", "bottom") else 0)
            for side, px in size.padding.items()
        },
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    ).to_dict(validate=False)
    spec["config"] = config(size)
    return spec


def _percent_axis(title: str | None) -> alt.Axis:
    """0, 25, 50, 75, 100: few enough that no two labels can touch, even on a phone."""
    return alt.Axis(title=title, values=list(PERCENT_TICKS), labelOverlap=True, grid=True)


def _label_axis() -> alt.Axis:
    return alt.Axis(title=None, labelExpr=SPLIT_LINES, labelPadding=6, ticks=False)


def _row_step(labels: Sequence[str], size: ChartSize) -> int:
    """Rows tall enough for the longest wrapped label (a line is about 1.25 em)."""
    most = max((label.count("\n") + 1 for label in labels), default=1)
    return max(30, round(most * size.font_size * 1.25) + 14)


def theme_scores_spec(
    themes: Sequence[ThemeResult], title: str, size: ChartSize = WIDE
) -> dict[str, Any]:
    rows = [
        {
            "theme": wrap(t.title, size.label_chars),
            "favourable": round(t.score.percent, 1),
            "low": round(t.score.interval[0], 1),
            "high": round(t.score.interval[1], 1),
            "band": t.score.band.value,
            "text": f"{t.score.percent:.0f}%",
        }
        for t in themes
        if t.score is not None
    ]
    data = alt.Data(values=rows)
    y = alt.Y("theme:N", sort=None, axis=_label_axis(), scale=alt.Scale(paddingInner=0.3))
    x = alt.X(
        "favourable:Q",
        scale=alt.Scale(domain=[0, 100], nice=False),
        axis=_percent_axis(gettext("% favourable")),
    )
    band_names = list(BAND_COLOURS)
    legend_labels = (
        "{" + ", ".join(f"'{k}': '{_quoted(str(v))}'" for k, v in BAND_LABELS.items()) + "}"
    )
    bars = (
        alt.Chart(data)
        .mark_bar(stroke=TEXT, strokeWidth=0.75)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=band_names, range=list(BAND_COLOURS.values())),
                legend=alt.Legend(
                    title=gettext("Band"),
                    labelExpr=f"{legend_labels}[datum.label]",
                    symbolType="square",
                    orient="bottom",
                    direction="vertical" if size is NARROW else "horizontal",
                    columnPadding=24,
                ),
            ),
        )
    )
    halo = (
        alt.Chart(data)
        .mark_rule(color="white", strokeWidth=5)
        .encode(x="low:Q", x2="high:Q", y=alt.Y("theme:N", sort=None))
    )
    whiskers = halo.mark_rule(color=TEXT, strokeWidth=2)
    values = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, color=TEXT, fontWeight="bold", fontSize=size.font_size)
        .encode(x="high:Q", y=alt.Y("theme:N", sort=None), text="text:N")
    )
    step = _row_step([r["theme"] for r in rows], size)
    layered = alt.layer(bars, halo, whiskers, values).properties(height=alt.Step(step))
    return _finish(layered, title, size)


def _wave_labels(order: Sequence[str], size: ChartSize) -> tuple[dict[str, str], alt.Axis]:
    """Wave names side by side, wrapped onto as few lines as fit, or whole and slanted where
    no wrapping fits: the name each wave is drawn with, and its axis."""
    plot_width = size.width * (0.5 if size.legend_orient == "right" else 0.75)
    for chars in (size.label_chars, 12, 8):
        wrapped = {label: wrap(label, chars) for label in order}
        widest = max(
            (estimated_width(ln, size) for text in wrapped.values() for ln in text.split("\n")),
            default=0,
        )
        if (widest + WAVE_GAP) * len(order) <= plot_width:
            axis = alt.Axis(title=None, labelExpr=SPLIT_LINES, labelAngle=0, labelPadding=6)
            return wrapped, axis
    axis = alt.Axis(title=None, labelAngle=-40, labelAlign="right", labelBaseline="middle")
    return {label: label for label in order}, axis


def trend_spec(
    series: Sequence[tuple[str, Sequence[TrendPoint]]], title: str, size: ChartSize = WIDE
) -> dict[str, Any]:
    rows = []
    order: list[str] = []
    themes = [wrap(theme_title, size.legend_chars) for theme_title, _ in series]
    for theme, (_, points) in zip(themes, series, strict=True):
        for point in points:
            if point.wave_label not in order:
                order.append(point.wave_label)
            if point.score is not None:
                rows.append(
                    {
                        "wave": point.wave_label,
                        "theme": theme,
                        "favourable": round(point.score.percent, 1),
                        "low": round(point.score.interval[0], 1),
                        "high": round(point.score.interval[1], 1),
                        "change": _changes().get(point.marker, ""),
                    }
                )
    names, axis = _wave_labels(order, size)
    is_slanted = axis.labelAngle != 0
    for row in rows:
        row["wave"] = names[row["wave"]]
    data = alt.Data(values=rows)
    x = alt.X("wave:N", sort=[names[w] for w in order], axis=axis, scale=alt.Scale(padding=0.5))
    # On a phone the axis title moves under the chart title, leaving the lines more width.
    y_title = gettext("% favourable")
    y = alt.Y(
        "favourable:Q",
        scale=alt.Scale(domain=[0, 100]),
        axis=_percent_axis(None if size is NARROW else y_title),
    )
    colour = alt.Scale(domain=themes, range=list(SERIES_COLOURS))
    dashes = alt.Scale(domain=themes, range=[list(d) for d in SERIES_DASHES])
    legend = alt.Legend(
        title=gettext("Theme"),
        labelExpr=SPLIT_LINES,
        symbolType="stroke",
        symbolStrokeWidth=3,
        symbolSize=600,
        symbolOpacity=1,
    )
    theme = alt.Color("theme:N", scale=colour, legend=legend)
    band = alt.Chart(data).mark_area(opacity=0.1).encode(x=x, y="low:Q", y2="high:Q", color=theme)
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=theme,
            strokeDash=alt.StrokeDash("theme:N", scale=dashes, legend=legend),
        )
    )
    dots = alt.Chart(data).mark_circle(size=36, opacity=1).encode(x=x, y=y, color=theme)
    changes = (
        alt.Chart(data)
        .transform_filter("datum.change != ''")
        .mark_point(filled=False, size=CHANGE_SIZE, strokeWidth=2, color=TEXT, opacity=1)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "change:N",
                scale=alt.Scale(
                    domain=list(_changes().values()), range=list(CHANGE_SHAPES.values())
                ),
                legend=alt.Legend(
                    title=lines(gettext("Clear change since the wave before"), size.legend_chars),
                    symbolStrokeColor=TEXT,
                    symbolStrokeWidth=2,
                    symbolSize=CHANGE_SIZE,
                    symbolFillColor="transparent",
                    symbolOpacity=1,
                ),
            ),
        )
    )
    layered = alt.layer(band, line, dots, changes).properties(height=240 if size is WIDE else 220)
    return _finish(
        layered,
        title,
        size,
        more_padding=SLANT_PADDING if is_slanted else 0,
        subtitle=y_title if size is NARROW else "",
    )


def distribution_spec(
    question: QuestionResult, title: str, size: ChartSize = WIDE
) -> dict[str, Any]:
    rows = [
        {
            "answer": wrap(o.label, size.label_chars),
            "percent": round(o.percent, 1),
            "order": i,
            "text": f"{o.percent:.0f}%",
        }
        for i, o in enumerate(question.options)
    ]
    data = alt.Data(values=rows)
    y = alt.Y(
        "answer:N",
        sort=alt.SortField("order"),
        axis=_label_axis(),
        scale=alt.Scale(paddingInner=0.3),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X(
                "percent:Q",
                scale=alt.Scale(domain=[0, 100], nice=False),
                axis=_percent_axis(gettext("% of answers")),
            ),
            y=y,
        )
    )
    values = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, color=TEXT, fontWeight="bold", fontSize=size.font_size)
        .encode(x="percent:Q", y=y, text="text:N")
    )
    step = _row_step([r["answer"] for r in rows], size)
    return _finish(alt.layer(bars, values).properties(height=alt.Step(step)), title, size)


_SMALLEST_CHART: dict[str, Any] = {
    "data": {"values": [{"x": 1}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}},
}


def start_engine() -> None:
    """Start vl-convert's JavaScript engine, which takes half a second on its first chart.

    A web worker calls this as it starts (``gunicorn.conf.py``), so that the first page with a
    chart is not the one that waits. Not before the fork: the engine runs threads of its own.
    """
    vl_convert.vega_to_svg(vl_convert.vegalite_to_vega(_SMALLEST_CHART))


def render(spec: dict[str, Any], fmt: str = "svg") -> bytes:
    """SVG or PNG bytes of a Vega-Lite spec."""
    vega = _merge_legends(vl_convert.vegalite_to_vega(spec))
    if fmt == "svg":
        return vl_convert.vega_to_svg(vega).encode()
    if fmt == "png":
        return bytes(vl_convert.vega_to_png(vega, scale=2))
    raise ValueError(f"unknown chart format {fmt!r}")


def _merge_legends(vega: dict[str, Any]) -> dict[str, Any]:
    """One legend per title, drawing every channel it names.

    Vega-Lite gives a layered chart one legend per channel: a theme's colour and its dash came
    out as two legends, neither looking like the line. Merged, each entry is the line itself.
    """
    merged: dict[str, dict[str, Any]] = {}
    for legend in vega.get("legends", []):
        title = str(legend.get("title"))
        if title in merged:
            for key, value in legend.items():
                merged[title].setdefault(key, value)
        else:
            merged[title] = dict(legend)
    if merged:
        vega["legends"] = list(merged.values())
    return vega


_RENDERED: dict[tuple[object, ...], bytes] = {}
_RENDERED_MAX = 512
# Threads start with the first picture drawn, so never in the gunicorn master (see start_engine).
_POOL = ThreadPoolExecutor(max_workers=len(SIZES), thread_name_prefix="charts")


def render_once(
    key: tuple[object, ...],
    build: Callable[[ChartSize], dict[str, Any]],
    size: ChartSize = WIDE,
    fmt: str = "svg",
) -> bytes:
    """Render a chart once per ``key`` (the plan digests and choices that fully determine it),
    size and format; ``build`` makes the spec for a size, so no two sizes share a picture.

    Plans never change, so a key made of their digests names the same picture forever; Altair's
    own specs are not stable text (it numbers layers per process), so the key is ours.
    """
    full_key = (*key, size.name, fmt)
    found = _RENDERED.get(full_key)
    if found is None:
        found = _keep(full_key, render(build(size), fmt))
    return found


def _keep(full_key: tuple[object, ...], picture: bytes) -> bytes:
    if len(_RENDERED) >= _RENDERED_MAX:
        _RENDERED.pop(next(iter(_RENDERED)))
    _RENDERED[full_key] = picture
    return picture


def inline_svgs(key: tuple[object, ...], build: Callable[[ChartSize], dict[str, Any]]) -> str:
    """The chart inline at each size, for CSS to show the one that fits the screen (or the
    printed page); hidden from screen readers, since the table beside it holds its figures.

    The sizes not yet rendered are rendered side by side: the engine works outside Python's
    lock, so a worker's first dashboard draws its pictures on every core.
    """
    missing = [size for size in SIZES if (*key, size.name, "svg") not in _RENDERED]
    if len(missing) > 1:
        specs = [build(size) for size in missing]
        for size, picture in zip(missing, _POOL.map(render, specs), strict=True):
            _keep((*key, size.name, "svg"), picture)
    return "".join(
        render_once(key, build, size)
        .decode()
        .replace(
            "<svg ",
            f'<svg class="chart__{size.name}" aria-hidden="true" focusable="false" ',
            1,
        )
        for size in SIZES
    )


def has_scores(points: Sequence[object]) -> bool:
    """Whether a chart would draw anything: some of its points carry a published score."""
    return any(getattr(point, "score", None) is not None for point in points)
