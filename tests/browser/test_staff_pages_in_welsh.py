"""Staff pages in Welsh in a real browser, on a phone and a desktop: Welsh words are longer, so
no page may scroll sideways at 360 px (wide tables scroll in their own region), and axe-core
finds nothing on them. Screenshots are kept for a person to look at (STAFFVOICE_SCREENSHOTS)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD, LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser


def fits(page: Page, name: str, viewport: str) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name}: content is {scroll}px wide in a {width}px viewport"
    assert page.locator("html").get_attribute("lang") == "cy"
    assert not axe_violations(page), name
    keep_screenshot(page, f"welsh-{name}-{viewport}.png")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_staff_pages_in_welsh_fit_the_screen(
    demo_server: LiveServer, viewport: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(viewport)
    page.goto(f"{demo_server.url}/sign-in?lang=cy")
    page.get_by_label("Cyfeiriad e-bost").fill("analyst@example.test")
    page.get_by_label("Cyfrinair").fill("not the password")
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page.get_by_role("alert")).to_contain_text("Mae eich cyfeiriad e-bost neu’ch cyfrinair")
    fits(page, "sign-in-error", viewport)
    page.get_by_label("Cyfrinair").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()

    page.goto(f"{demo_server.url}/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iechyd y gweithlu")
    fits(page, "board", viewport)
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("pecyn y bwrdd")
    fits(page, "board-view", viewport)
    found = re.search(r"/waves/(\d+)/units/(\d+)", page.url)
    assert found
    page.goto(f"{demo_server.url}/actions/waves/{found.group(1)}/units/{found.group(2)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cynlluniau gweithredu")
    fits(page, "action-plans", viewport)
    page.get_by_role("link", name="Cofnodi cam gweithredu").click()
    page.get_by_role("button", name="Cofnodi’r cam gweithredu").click()
    expect(page.get_by_role("alert")).to_contain_text("Mae problem")
    fits(page, "record-action-errors", viewport)

    page.goto(f"{demo_server.url}/account/api-tokens/")
    page.get_by_role("button", name="Creu tocyn").click()
    expect(page.get_by_role("alert")).to_contain_text("Rhowch enw i’r tocyn")
    fits(page, "api-tokens-error", viewport)
    page.goto(f"{demo_server.url}/account")
    fits(page, "account", viewport)
