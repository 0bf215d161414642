"""Dashboard charts in a real browser, on a 360 px phone and a 1280 px desktop: the picture shown
is the one drawn for that screen, no wider than it, with every text at least 12 CSS px as
displayed and none of it running outside the picture (where it would be cut off)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import LiveServer
from .test_insights_pages import sign_in

pytestmark = pytest.mark.browser

MEASURE = """() => [...document.querySelectorAll('figure.chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')];
    return {
      name: svg.getAttribute('class'),
      left: box.left, right: box.right, width: box.width,
      smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
      count: texts.length,
      outside: texts.filter(t => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
          || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
      }).map(t => t.textContent),
    };
  })"""


@pytest.mark.parametrize(("screen", "drawn_for"), [("phone", "narrow"), ("desktop", "wide")])
def test_dashboard_charts_are_readable_and_whole(
    demo_server: LiveServer, request: pytest.FixtureRequest, screen: str, drawn_for: str
) -> None:
    page: Page = request.getfixturevalue(screen)
    sign_in(page, demo_server)
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Over time")).to_be_visible()
    viewport = page.evaluate("document.documentElement.clientWidth")
    charts = page.evaluate(MEASURE)
    assert [c["name"] for c in charts] == [f"chart__{drawn_for}"] * 2
    for chart in charts:
        assert chart["count"] > 10, chart
        assert chart["smallest"] >= 12, chart
        assert chart["left"] >= 0 and chart["right"] <= viewport, chart
        assert not chart["outside"], chart
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport
