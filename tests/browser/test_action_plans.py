"""Action plans in a real browser: record an action and update it with JavaScript off on a
phone, then read it on the team's public "You said, we did" page at 360 px; axe-core finds no
serious or critical violation on any of these pages at 360 px or on a desktop."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.services.units import unit_by_key

from .conftest import DEMO_PASSWORD, LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser
WHAT = "Protect Thursday afternoons for reflective group supervision"


def sign_in(page: Page, server: LiveServer, start: str) -> None:
    page.goto(f"{server.url}{start}")
    page.get_by_label("Email address").fill("analyst@example.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.title()


def dashboard_path(server: LiveServer) -> str:
    with server.app.app_context(), session_scope(server.app) as session:
        care = unit_by_key(session, "children-in-care")
        assert care is not None
        latest = session.scalar(select(func.max(Wave.id)))
        return f"/insights/waves/{latest}/units/{care.id}"


def record_and_update(page: Page, server: LiveServer) -> list[str]:
    """The whole loop with JavaScript off; the addresses of the pages it went through."""
    visited = []
    sign_in(page, server, dashboard_path(server))
    expect(page.get_by_role("heading", name="Action plans")).to_be_visible()
    expect(page.get_by_text("Bring caseloads down")).to_be_visible()  # the demo's, done
    visited.append(page.url)
    page.get_by_role("link", name="Record an action").click()
    visited.append(page.url)
    page.get_by_label("Theme: Quality of supervision", exact=False).check()
    page.get_by_label("What will change?").fill(WHAT)
    last_year = dt.date.today() - dt.timedelta(days=365)
    page.get_by_label("Day", exact=True).fill(str(last_year.day))
    page.get_by_label("Month", exact=True).fill(str(last_year.month))
    page.get_by_label("Year", exact=True).fill(str(last_year.year))
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_role("alert")).to_contain_text("The due date must be today or in the future")
    expect(page.get_by_label("What will change?")).to_have_value(WHAT)  # kept
    visited.append(page.url + "#with-errors")
    soon = dt.date.today() + dt.timedelta(days=45)
    page.get_by_label("Day", exact=True).fill(str(soon.day))
    page.get_by_label("Month", exact=True).fill(str(soon.month))
    page.get_by_label("Year", exact=True).fill(str(soon.year))
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WHAT)
    page.get_by_label("Progress update").fill("Booked with every team manager until March")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Booked with every team manager until March")).to_be_visible()
    visited.append(page.url.split("#")[0])
    page.get_by_role("link", name="All action plans for Children in Care").click()
    visited.append(page.url)
    page.get_by_role("link", name="/you-said-we-did/").click()
    visited.append(page.url)
    return visited


def test_record_update_and_read_it_on_the_staff_page_at_360_px_without_javascript(
    demo_server: LiveServer, no_javascript: Page, browser: Browser
) -> None:
    page = no_javascript
    visited = record_and_update(page, demo_server)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You said, we did: Children in Care and Care Leavers"
    )
    for shown in (WHAT, "In progress", "Booked with every team manager until March"):
        expect(page.get_by_text(shown).first).to_be_visible()
    assert "@example.test" not in page.content()  # owners are not on the public page
    fits(page)
    keep_screenshot(page, "staff-page-360.png")

    # axe on every page of the loop, on a phone and a desktop, with JavaScript on for axe
    table: dict[tuple[str, int], list[str]] = {}
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        audited = context.new_page()
        sign_in(audited, demo_server, "/insights/")
        for url in visited:
            if url.endswith("#with-errors"):
                audited.goto(url.removesuffix("#with-errors"))
                audited.get_by_role("button", name="Record the action").click()
                expect(audited.get_by_role("alert")).to_be_visible()
            else:
                audited.goto(url)
            fits(audited)
            table[(audited.title(), width)] = axe_violations(audited)
        context.close()
    for (title, width), found in sorted(table.items()):
        print(f"axe | {width:>4} px | {title} | {len(found)} violations")
    assert len(table) == 2 * len(visited), sorted(table)
    assert not {page: found for page, found in table.items() if found}, table
