"""A built report opens offline with its charts; the board view passes axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from .conftest import DEMO_PASSWORD, LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser


def test_html_report_renders_offline_with_its_charts(
    demo_server: LiveServer, desktop: Page, tmp_path: Path
) -> None:
    runner = demo_server.app.test_cli_runner()
    out = tmp_path / "pack"
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            "6",
            "--unit",
            "northbridge",
            "--format",
            "html",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    requested: list[str] = []

    def refuse(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    desktop.route("**/*", refuse)
    desktop.goto(next(out.glob("*.html")).as_uri())
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Workforce health")
    charts = desktop.locator("figure svg:visible")  # each chart is drawn wide and narrow
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    assert [url for url in requested if not url.startswith("file://")] == []
    assert not axe_violations(desktop)
    keep_screenshot(desktop, "board-pack.png")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_board_view_passes_axe(
    demo_server: LiveServer, viewport: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(viewport)
    page.goto(f"{demo_server.url}/board/")
    page.get_by_label("Email address").fill("board@example.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{demo_server.url}/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workforce health")
    assert not axe_violations(page)
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Workforce context (entered figures)")).to_be_visible()
    assert not axe_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{demo_server.url}/reports/verify")
    assert not axe_violations(page)
    page.goto(f"{demo_server.url}/audit/")
    assert not axe_violations(page)
