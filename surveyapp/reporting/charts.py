"""Altair charts rendered on the server to SVG or PNG by vl-convert: no JavaScript, no network.

Each function takes already-published results (``surveyapp.domain.results``) and returns a
Vega-Lite spec; ``render`` turns it into bytes. Pages put the SVG inline beside a table with the
same numbers, for screen readers and for anyone who prefers figures to pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import vl_convert

from surveyapp.domain.results import QuestionResult, ThemeResult, TrendPoint

BAND_COLOURS = {"low": "#b3261e", "moderate": "#8a5a00", "high": "#1d6b3a"}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
WIDTH = 300


def _base(chart: alt.TopLevelMixin, title: str) -> dict[str, Any]:
    spec: dict[str, Any] = (
        chart.properties(title=title, padding={"left": 12, "right": 12, "top": 6, "bottom": 6})
        .configure(font=FONT, background="white")
        .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=220)
        .configure_legend(labelLimit=260, labelFontSize=12)
        .to_dict(validate=False)
    )
    return spec


def theme_scores_spec(themes: Sequence[ThemeResult], title: str) -> dict[str, Any]:
    rows = [
        {
            "theme": t.title,
            "favourable": round(t.score.percent, 1),
            "low": round(t.score.interval[0], 1),
            "high": round(t.score.interval[1], 1),
            "band": t.score.band.value,
        }
        for t in themes
        if t.score is not None
    ]
    data = alt.Data(values=rows)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("favourable:Q", title="% favourable", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("theme:N", title=None, sort=None),
            color=alt.Color(
                "band:N",
                title="Band",
                scale=alt.Scale(domain=list(BAND_COLOURS), range=list(BAND_COLOURS.values())),
            ),
        )
    )
    whiskers = (
        alt.Chart(data)
        .mark_rule(color="#0b0c0c")
        .encode(x="low:Q", x2="high:Q", y=alt.Y("theme:N", sort=None))
    )
    return _base(alt.layer(bars, whiskers).properties(width=WIDTH), title)


def trend_spec(series: Sequence[tuple[str, Sequence[TrendPoint]]], title: str) -> dict[str, Any]:
    rows = []
    order = []
    for theme_title, points in series:
        for point in points:
            if point.wave_label not in order:
                order.append(point.wave_label)
            if point.score is not None:
                rows.append(
                    {
                        "wave": point.wave_label,
                        "theme": theme_title,
                        "favourable": round(point.score.percent, 1),
                        "low": round(point.score.interval[0], 1),
                        "high": round(point.score.interval[1], 1),
                        "change": point.marker,
                    }
                )
    data = alt.Data(values=rows)
    x = alt.X("wave:N", title=None, sort=order, axis=alt.Axis(labelAngle=-30))
    y = alt.Y("favourable:Q", title="% favourable", scale=alt.Scale(domain=[0, 100]))
    band = (
        alt.Chart(data).mark_area(opacity=0.15).encode(x=x, y="low:Q", y2="high:Q", color="theme:N")
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(x=x, y=y, color=alt.Color("theme:N", title="Theme"))
    )
    marks = (
        alt.Chart(data)
        .transform_filter("datum.change != 'no clear change'")
        .mark_point(shape="diamond", size=140, filled=True, color="#0b0c0c")
        .encode(x=x, y=y)
    )
    return _base(alt.layer(band, line, marks).properties(width=WIDTH + 120), title)


def distribution_spec(question: QuestionResult, title: str) -> dict[str, Any]:
    rows = [
        {"answer": o.label, "percent": round(o.percent, 1), "order": i}
        for i, o in enumerate(question.options)
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1a3a5c")
        .encode(
            x=alt.X("percent:Q", title="% of answers", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("answer:N", title=None, sort=alt.SortField("order")),
        )
        .properties(width=WIDTH)
    )
    return _base(chart, title)


def render(spec: dict[str, Any], fmt: str = "svg") -> bytes:
    """SVG or PNG bytes of a Vega-Lite spec."""
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode()
    if fmt == "png":
        return bytes(vl_convert.vegalite_to_png(spec, scale=2))
    raise ValueError(f"unknown chart format {fmt!r}")


_RENDERED: dict[tuple[object, ...], bytes] = {}
_RENDERED_MAX = 512


def render_once(key: tuple[object, ...], build: Callable[[], dict[str, Any]],
                fmt: str = "svg") -> bytes:
    """Render a chart once per ``key``: the plan digests and choices that fully determine it.

    Plans never change, so a key made of their digests names the same picture forever; Altair's
    own specs are not stable text (it numbers layers per process), so the key is ours.
    """
    full_key = (*key, fmt)
    found = _RENDERED.get(full_key)
    if found is None:
        found = render(build(), fmt)
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.pop(next(iter(_RENDERED)))
        _RENDERED[full_key] = found
    return found
