"""How charts look: the two sizes they are drawn at, the palettes, the font and label wrapping.

Charts are drawn once for a desktop column and once for a phone, rather than one picture scaled
down: scaled, a 600 px chart's 12 px text is 6 px on a 360 px screen. Each size keeps every text
at 12 CSS px or more, when the picture is shown at its own width.

The colours are chosen to stay apart for people with colour-vision deficiencies
(``tests/reporting/test_chart_palette.py`` checks them through simulations): score bands use Paul
Tol's high-contrast scheme, whose three colours also differ in lightness, so they can be told
apart without hue; theme lines use Okabe-Ito colours with Tol's indigo, each with its own dash.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
"""Metric-compatible faces: vl-convert lays text out with its bundled Liberation Sans, and a
browser that draws Arial, Liberation Sans or Helvetica fills exactly the space measured for it.
(A system-ui font is wider, so labels laid out for Liberation Sans overran the picture's edge and
were cut: "Quality of supervisio".) Sizes leave a margin for faces that are a little wider."""

TEXT = "#0b0c0c"
GRID = "#dcdcdc"

BAND_COLOURS = {"low": "#bb5566", "moderate": "#ddaa33", "high": "#004488"}
BAND_LABELS = {
    "low": _l("Low (0–50)"),
    "moderate": _l("Moderate (51–74)"),
    "high": _l("High (75–100)"),
}
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#332288", "#882255")
SERIES_DASHES = ((1, 0), (7, 3), (2, 2), (9, 3, 2, 3), (4, 4), (12, 3))
BAR_COLOUR = "#004488"
PERCENT_TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class ChartSize:
    """One rendering of a chart: its whole width in CSS px and how its text is laid out."""

    name: str
    width: int
    label_chars: int
    """Characters per line of an axis or legend label before it wraps (it never truncates)."""
    title_chars: int
    legend_orient: str
    legend_chars: int
    slack: int
    """Spare px at each side, for faces a little wider than the one text was measured in."""
    font_size: int = 13
    title_size: int = 15

    @property
    def padding(self) -> dict[str, int]:
        return {"left": self.slack, "right": self.slack, "top": 8, "bottom": 8}


WIDE = ChartSize(
    "wide",
    width=580,
    label_chars=20,
    title_chars=60,
    legend_orient="right",
    legend_chars=20,
    slack=24,
)
NARROW = ChartSize(
    "narrow",
    width=320,
    label_chars=14,
    title_chars=32,
    legend_orient="bottom",
    legend_chars=26,
    slack=16,
)
"""At most the content width of a 360 px screen (330 px), so it is never scaled down there."""
SIZES = (WIDE, NARROW)


def wrap(text: str, chars: int) -> str:
    """``text`` broken at spaces into lines of about ``chars`` characters, joined by newlines;
    a word longer than a line keeps its own line whole."""
    return "\n".join(textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False))


def lines(text: str, chars: int) -> list[str]:
    return wrap(text, chars).split("\n")


SPLIT_LINES = "split(datum.label, '\\n')"
"""A Vega label expression drawing a wrapped label on several lines."""


def config(size: ChartSize) -> dict[str, object]:
    """Vega-Lite config shared by every chart: fonts at ``size``, no label ever truncated."""
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": size.font_size,
            "titleFontSize": size.font_size,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelLimit": 0,
            "gridColor": GRID,
            "domainColor": "#6f777b",
            "tickColor": "#6f777b",
        },
        "legend": {
            "labelFontSize": size.font_size,
            "titleFontSize": size.font_size,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelLimit": 0,
            "titleLimit": 0,
            "orient": size.legend_orient,
            "direction": "vertical",
            "layout": {size.legend_orient: {"anchor": "start", "direction": "vertical"}},
        },
        "title": {
            "fontSize": size.title_size,
            "color": TEXT,
            "anchor": "start",
            "limit": 0,
            "offset": 10,
            "subtitleFontSize": size.font_size,
            "subtitleColor": TEXT,
            "subtitlePadding": 4,
        },
    }


def estimated_width(text: str, size: ChartSize) -> float:
    """A generous guess at a line's width in px (Arial averages about half an em a character)."""
    return 0.62 * size.font_size * len(text)
