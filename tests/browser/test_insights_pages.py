"""Insights in a real browser: sign in, dashboard, heatmap, trends, comments at 360 px and on a
desktop; axe-core finds no serious or critical violation; charts render with the network cut."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from .conftest import DEMO_PASSWORD, LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser


def block_other_hosts(page: Page, server: LiveServer) -> list[str]:
    """Abort every request that is not to the app itself, and record it."""
    blocked: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def sign_in(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/insights/")
    page.get_by_label("Email address").fill("analyst@example.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")


def visit_all(page: Page, server: LiveServer) -> dict[str, list[str]]:
    audited: dict[str, list[str]] = {}

    def audit() -> None:
        audited[page.title()] = axe_violations(page)
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.title()

    audit()
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Theme scores")).to_be_visible()
    assert page.locator("figure.chart svg:visible").count() == 2
    audit()
    page.get_by_role("link", name="Safeguarding and Child Protection").click()
    other_teams = page.get_by_text("other teams in Safeguarding and Child Protection")
    expect(other_teams.filter(visible=True).first).to_be_visible()  # a table row, or a card
    audit()
    page.get_by_role("link", name="Read the comments").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comments")
    audit()
    return audited


def test_dashboard_on_a_phone_with_the_network_blocked(
    demo_server: LiveServer, phone: Page
) -> None:
    blocked = block_other_hosts(phone, demo_server)
    sign_in(phone, demo_server)
    audited = visit_all(phone, demo_server)
    phone.goto(phone.url.replace("/comments", ""))
    keep_screenshot(phone, "dashboard-phone.png")
    assert not blocked, blocked
    assert not {t: v for t, v in audited.items() if v}, audited


def test_dashboard_on_a_desktop(demo_server: LiveServer, desktop: Page) -> None:
    sign_in(desktop, demo_server)
    audited = visit_all(desktop, demo_server)
    assert not {t: v for t, v in audited.items() if v}, audited
    desktop.go_back()
    keep_screenshot(desktop, "dashboard-desktop.png")
