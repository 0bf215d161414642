"""Chart colours stay apart for readers with colour-vision deficiencies.

Each palette goes through the standard simulations (Machado, Oliveira and Fernandes 2009 for
deuteranopia and protanopia at full severity; Brettel, Viénot and Mollon 1997 for tritanopia)
and every pair must stay a clear CIEDE2000 distance apart under each, as well as unsimulated.
Score bands must also differ in lightness alone, so they read in greyscale print.
"""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import pytest
from coloraide import Color

from surveyapp.domain.banks import load_banks
from surveyapp.paths import SURVEYS
from surveyapp.reporting.chart_style import BAND_COLOURS, SERIES_COLOURS, SERIES_DASHES

SIMULATIONS = {
    "normal vision": None,
    "deuteranopia": ("deutan", "machado"),
    "protanopia": ("protan", "machado"),
    "tritanopia": ("tritan", "brettel"),
}
BAND_DISTANCE = 20.0
SERIES_DISTANCE = 10.0
BAND_LIGHTNESS_STEP = 15.0
LINE_CONTRAST = 3.0
"""WCAG 2.2 (1.4.11): the parts of a graphic needed to understand it, against the background."""


def seen(colour: str, simulation: tuple[str, str] | None) -> Color:
    if simulation is None:
        return Color(colour)
    deficiency, method = simulation
    return Color(colour).filter(deficiency, method=method).convert("srgb").clip()


def closest_pair(colours: list[str], simulation: tuple[str, str] | None) -> tuple[float, str]:
    return min(
        (seen(a, simulation).delta_e(seen(b, simulation), method="2000"), f"{a} vs {b}")
        for a, b in combinations(colours, 2)
    )


@pytest.mark.parametrize("simulation", SIMULATIONS.values(), ids=SIMULATIONS.keys())
def test_score_bands_stay_apart(simulation: tuple[str, str] | None) -> None:
    distance, pair = closest_pair(list(BAND_COLOURS.values()), simulation)
    assert distance >= BAND_DISTANCE, pair


@pytest.mark.parametrize("simulation", SIMULATIONS.values(), ids=SIMULATIONS.keys())
def test_theme_lines_stay_apart(simulation: tuple[str, str] | None) -> None:
    distance, pair = closest_pair(list(SERIES_COLOURS), simulation)
    assert distance >= SERIES_DISTANCE, pair


def test_score_bands_differ_in_lightness_without_hue() -> None:
    lightness = sorted(Color(c).convert("lab")["lightness"] for c in BAND_COLOURS.values())
    assert all(b - a >= BAND_LIGHTNESS_STEP for a, b in pairwise(lightness))


def test_theme_lines_stand_out_from_the_page_and_from_each_other_by_dash() -> None:
    assert all(Color(c).contrast("white") >= LINE_CONTRAST for c in SERIES_COLOURS)
    assert len(set(SERIES_DASHES)) == len(SERIES_DASHES) >= len(SERIES_COLOURS)


def test_every_theme_of_every_bank_gets_a_colour_of_its_own() -> None:
    """A bank with more themes than colours would draw two themes in one colour."""
    banks = load_banks(SURVEYS)
    assert banks and all(len(bank.themes) <= len(SERIES_COLOURS) for bank in banks.values())


def test_heatmap_and_band_tags_use_the_charts_band_colours() -> None:
    """The heatmap's cells (on screen and in reports) are painted in the charts' bands."""
    import re

    from surveyapp.paths import REPORTS

    app_css = (Path(__file__).parents[2] / "surveyapp" / "static" / "app.css").read_text()
    for css in (app_css, (REPORTS / "_report.css").read_text()):
        declared = dict(re.findall(r"--band-(\w+): (#[0-9a-f]{6})", css))
        assert declared == BAND_COLOURS
