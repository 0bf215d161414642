"""Asking for more invitations than a headcount, and another admin approving it, in a real
browser at 360 px and 1280 px: axe-core finds no serious or critical violation on any of the
pages (empty, with errors, with a request waiting) and none scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from surveyapp.domain.roles import Role
from tests.accounts.support import PASSWORD, add_account

from .conftest import LiveServer
from .test_mail_pages import ADMIN, Auditor, mail_live_server

__all__ = ["mail_live_server"]
pytestmark = pytest.mark.browser
SECOND = "second.admin@example.org"


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def walk(page: Page, server: LiveServer, viewport: str) -> None:
    add_account(server.app, SECOND, Role.ADMIN)
    audit = Auditor(page, viewport)
    sign_in(page, server, ADMIN)
    page.get_by_role("link", name="Invitations").click()
    page.get_by_role("link", name="Pulse: test").click()
    page.get_by_role("link", name="Team A").click()
    expect(page.get_by_text("Invitations issued so far: 0.")).to_be_visible()
    page.get_by_role("link", name="Ask another admin to approve more for Team A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask for more invitations than the headcount"
    )
    audit("Ask for more invitations")
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter how many invitations")
    audit("Ask for more invitations, with errors")
    page.get_by_label("How many invitations you need to issue").fill("10")
    page.get_by_label("Why the team needs more than its headcount").fill("Two starters.")
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_text(re.compile("Your request for 10 invitations"))).to_be_visible()
    page.goto(f"{server.url}/admin/invitations/approvals")
    expect(page.get_by_text("There are no requests waiting for you.")).to_be_visible()
    audit("Approvals, none waiting")
    page.get_by_role("button", name="Sign out", exact=True).click()

    sign_in(page, server, SECOND)
    page.goto(f"{server.url}/admin/invitations")
    page.get_by_role("link", name="Requests waiting for your approval").click()
    expect(page.get_by_text("Two starters.")).to_be_visible()
    audit("Approvals, one waiting")
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text(re.compile("Approved: 10 invitations"))).to_be_visible()
    audit.assert_clean(expected=4)


def test_over_issue_pages_on_a_phone(phone: Page, mail_live_server: LiveServer) -> None:
    walk(phone, mail_live_server, "360")


def test_over_issue_pages_on_a_desktop(desktop: Page, mail_live_server: LiveServer) -> None:
    walk(desktop, mail_live_server, "1280")
