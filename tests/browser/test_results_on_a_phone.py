"""Results as staff read them, at 360 px and 1280 px: each role lands on its own home; every
staff page passes axe-core and scrolls sideways only inside a marked table region; the heatmap is
cards on a phone; board view charts are drawn for the screen, no text under 12 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD, LiveServer, axe_violations, keep_screenshot
from .test_charts_fit_the_screen import MEASURE

pytestmark = pytest.mark.browser

OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5 && !e.closest('.table-scroll');
  }).map(e => e.tagName + '.' + e.className).slice(0, 5);
}"""


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def check(page: Page, audited: dict[str, list[str]]) -> None:
    title = f"{page.title()} ({page.url})"
    audited[title] = axe_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, title
    assert page.evaluate(OUTSIDE) == [], title


@pytest.mark.parametrize(
    ("email", "home", "heading"),
    [
        ("board@example.test", "/board/", "Workforce health"),
        ("analyst@example.test", "/insights/", "Results"),
    ],
)
def test_each_role_lands_on_its_own_home(
    demo_server: LiveServer, phone: Page, email: str, home: str, heading: str
) -> None:
    sign_in(phone, demo_server, email)
    expect(phone).to_have_url(f"{demo_server.url}{home}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
    nav = phone.get_by_role("navigation", name="Your account")
    expect(nav.get_by_role("link", name="Board view")).to_be_visible()
    expect(nav.locator('[aria-current="page"]')).to_have_attribute("href", home)


def test_an_admin_lands_on_admin(live_server: LiveServer, desktop: Page) -> None:
    from surveyapp.domain.roles import Role
    from tests.accounts.support import PASSWORD, add_account

    add_account(live_server.app, "admin@example.org", Role.ADMIN)
    desktop.goto(f"{live_server.url}/sign-in")
    desktop.get_by_label("Email address").fill("admin@example.org")
    desktop.get_by_label("Password").fill(PASSWORD)
    desktop.get_by_role("button", name="Sign in").click()
    expect(desktop).to_have_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_staff_pages_pass_axe_and_never_scroll_sideways(
    demo_server: LiveServer, request: pytest.FixtureRequest, screen: str
) -> None:
    page: Page = request.getfixturevalue(screen)
    audited: dict[str, list[str]] = {}
    sign_in(page, demo_server, "analyst@example.test")
    check(page, audited)
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Teams and services")).to_be_visible()
    check(page, audited)
    cards, table = page.locator(".heat-card"), page.locator(".heatmap__table")
    if screen == "phone":
        expect(cards.first).to_be_visible()
        expect(table).to_be_hidden()
        expect(page.get_by_text("Scroll sideways to see every column").first).to_be_visible()
    else:
        expect(table).to_be_visible()
        expect(cards.first).to_be_hidden()
    page.get_by_role("link", name="By role").click()
    expect(page.get_by_role("heading", name="By role")).to_be_visible()
    check(page, audited)
    page.get_by_role("link", name="Safeguarding and Child Protection").first.click()
    check(page, audited)
    page.get_by_role("link", name="Read the comments").click()
    page.get_by_label("Search the comments").fill("supervision")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("containing “supervision”")
    check(page, audited)
    for path in ("/board/", "/board/waves/6/units/1", "/reports/public-keys", "/reports/verify"):
        page.goto(f"{demo_server.url}{path}")
        check(page, audited)
    page.goto(f"{demo_server.url}/insights/waves/6/units/999999")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check(page, audited)
    page.get_by_role("link", name="Your account").click()
    check(page, audited)
    if screen == "phone":
        page.goto(f"{demo_server.url}/insights/waves/6/units/1")
        keep_screenshot(page, "heatmap-phone.png")
    assert len(audited) >= 11, list(audited)
    assert not {t: v for t, v in audited.items() if v}, audited


@pytest.mark.parametrize(("screen", "drawn_for"), [("phone", "narrow"), ("desktop", "wide")])
def test_board_view_charts_are_drawn_for_the_screen(
    demo_server: LiveServer, request: pytest.FixtureRequest, screen: str, drawn_for: str
) -> None:
    page: Page = request.getfixturevalue(screen)
    sign_in(page, demo_server, "board@example.test")
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Themes over time")).to_be_visible()
    viewport = page.evaluate("document.documentElement.clientWidth")
    charts = page.evaluate(MEASURE)
    assert [c["name"] for c in charts] == [f"chart__{drawn_for}"] * 2
    for chart in charts:
        assert chart["count"] > 10 and chart["smallest"] >= 12, chart
        assert chart["left"] >= 0 and chart["right"] <= viewport and not chart["outside"], chart
    stats = page.locator("dl.stats dt").all_inner_texts()
    assert stats[:2] == ["Responses", "Response rate"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport
    if screen == "phone":
        keep_screenshot(page, "board-phone.png")
