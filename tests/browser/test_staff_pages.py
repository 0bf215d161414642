"""Staff pages in a real browser: sign in on a phone and a desktop, with and without JavaScript.

axe-core audits the sign-in page (empty and with errors), the account page and the admin pages;
any serious or critical violation fails the test. Pages must not scroll sideways at 360 px: wide
tables scroll inside their own focusable region instead.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from surveyapp.domain.roles import Role
from tests.accounts.support import PASSWORD, add_account
from tests.admin.support import open_wave_with_responses

from .conftest import LiveServer, axe_violations

pytestmark = pytest.mark.browser
EMAIL = "admin@example.org"


def audit(page: Page, audited: dict[str, list[str]]) -> None:
    title = page.title()
    audited[title] = axe_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{title}: content is {scroll}px wide in a {width}px viewport"


def sign_in_and_audit(page: Page, server: LiveServer) -> None:
    wave_id = open_wave_with_responses(server.app)
    add_account(server.app, EMAIL, Role.ADMIN)
    audited: dict[str, list[str]] = {}

    page.goto(f"{server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    audit(page, audited)

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Your email address or password is wrong")
    audit(page, audited)

    page.get_by_role("link", name="Your email address or password is wrong").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(f"{server.url}/admin/")
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(EMAIL)
    expect(page.get_by_role("table")).to_contain_text("Pulse: spring")
    audit(page, audited)

    page.get_by_role("link", name="Participation in Pulse: spring").click()
    expect(page).to_have_url(f"{server.url}/admin/waves/{wave_id}/participation")
    expect(page.get_by_role("region", name="Participation by unit")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Team B"))).to_contain_text("150%")
    expect(page.get_by_text("more responses than people")).to_be_visible()
    audit(page, audited)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    audit(page, audited)

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    audit(page, audited)
    page.goto(f"{server.url}/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    failures = {title: found for title, found in audited.items() if found}
    assert not failures, failures
    assert len(audited) == 6, list(audited)
    assert not [line for line in server.logs.lines if PASSWORD in line]


def test_sign_in_and_admin_pages_on_a_phone(phone: Page, live_server: LiveServer) -> None:
    sign_in_and_audit(phone, live_server)


def test_sign_in_and_admin_pages_on_a_desktop(desktop: Page, live_server: LiveServer) -> None:
    sign_in_and_audit(desktop, live_server)


def test_sign_in_and_out_everywhere_without_javascript(
    no_javascript: Page, live_server: LiveServer
) -> None:
    page = no_javascript
    open_wave_with_responses(live_server.app)
    add_account(live_server.app, EMAIL, Role.ADMIN)
    page.goto(f"{live_server.url}/sign-in?next=/admin/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Participation in Pulse: spring").click()
    expect(page.get_by_role("row", name=re.compile("Team A"))).to_contain_text("75%")
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("signed out on every device")).to_be_visible()
    page.goto(f"{live_server.url}/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
