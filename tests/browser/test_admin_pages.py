"""The admin pages in a real browser at 360 px and 1280 px: units (upload, preview, apply, edit),
waves (new, planned, opened, closed early), the bank's questions, recurring pulses, workforce
figures and reports. axe-core finds no serious or critical violation on any page (empty, with
errors, and with results) and none scrolls sideways. The unit upload also runs without
JavaScript.

Set SCREENSHOTS to a folder to keep a picture of every page audited.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from surveyapp.domain.roles import Role
from tests.accounts.support import PASSWORD, add_account
from tests.admin.support import open_wave_with_responses

from .conftest import LiveServer
from .test_mail_pages import Auditor

pytestmark = pytest.mark.browser
ADMIN = "admin@example.org"
HEADER = "key,name,parent_key,headcount\n"
TODAY = dt.date.today()


def sign_in(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    home(page)


def home(page: Page) -> None:
    """To the admin home, by the link in the account bar."""
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Admin", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey administration")


def upload(page: Page, folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    page.get_by_label("Unit file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()


def fill_date(page: Page, field: str, day: dt.date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.locator(f"#{field}-{part}").fill(str(value))


def walk_the_units(page: Page, audit: Auditor, folder: Path) -> None:
    page.get_by_role("link", name="Units", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Team B")
    audit("Units")
    page.get_by_role("link", name="Upload a unit file").click()
    audit("Upload a unit file")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("Select a unit file")
    audit("Upload a unit file, with an error")
    upload(page, folder, "bad.csv", HEADER + "team-d,Team D,care,lots\nteam-e,,care,3\n")
    expect(page.get_by_role("alert")).to_contain_text("Row 2, headcount")
    audit("A unit file with problems")
    upload(page, folder, "good.csv", HEADER + "team-a,Team Alpha,svc,9\nteam-d,Team D,care,3\n")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the file changes")
    audit("A unit file's preview")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_role("alert")).to_contain_text("1 created, 1 updated")
    expect(page.get_by_text("published only pooled").first).to_be_visible()
    audit("Units after an upload, one below k")
    page.get_by_role("link", name="Change Team Alpha").click()
    page.get_by_label("Headcount").fill("many")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Headcount must be a whole number")
    audit("Change a unit, with an error")
    page.get_by_label("Headcount").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Team Alpha saved")


def walk_a_wave(page: Page, audit: Auditor) -> None:
    home(page)
    page.get_by_role("link", name="New wave").click()
    audit("New wave")
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the wave")
    audit("New wave, with errors")
    page.get_by_label("Name").fill("Pulse: summer")
    page.get_by_label(re.compile("^Social work pulse")).check()
    page.get_by_label("Who is asked").select_option(label="– Family Help")
    page.get_by_label("On a date").check()
    fill_date(page, "opens_on", TODAY + dt.timedelta(days=2))
    fill_date(page, "closes_on", TODAY + dt.timedelta(days=16))
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_role("alert")).to_contain_text("planned to open")
    expect(page.get_by_role("heading", name="The questions")).to_be_visible()
    audit("A planned wave and its questions")
    page.get_by_role("link", name="Sign in with the council's account").first.click()
    audit("Sign in with the council's account (its long addresses wrap on a phone)")
    page.go_back()
    page.get_by_role("link", name="Social work pulse").click()
    audit("A question bank")
    page.go_back()
    page.get_by_role("link", name="Open it now").click()
    audit("Open a wave now?")
    page.get_by_role("button", name="Open the wave").click()
    expect(page.get_by_role("alert")).to_contain_text("Pulse: summer is open")
    audit("An open wave")
    page.get_by_role("link", name="Close the wave").click()
    audit("Close a wave now?")
    page.get_by_role("button", name="Close the wave").click()
    expect(page.get_by_role("heading", name="Opening it again")).to_be_visible()
    audit("A closed wave")


def walk_the_pulses(page: Page, audit: Auditor) -> None:
    home(page)
    page.get_by_role("link", name="Recurring pulses").click()
    audit("Recurring pulses, none yet")
    page.get_by_role("link", name="Set up a recurring pulse").click()
    audit("Set up a recurring pulse")
    page.get_by_label(re.compile("^Social work pulse")).check()
    page.get_by_label("Who is asked").select_option(label="– Children in Care")
    page.get_by_label("Open for (days)").fill("40")
    fill_date(page, "first_opens_on", TODAY + dt.timedelta(days=7))
    page.get_by_role("button", name="Set up the pulse").click()
    expect(page.get_by_role("alert")).to_contain_text("would overlap the next")
    audit("Set up a recurring pulse, with an error")
    page.get_by_label("Open for (days)").fill("10")
    page.get_by_role("button", name="Set up the pulse").click()
    expect(page.get_by_role("alert")).to_contain_text("Recurring pulse set up")
    audit("Recurring pulses")


def walk_workforce_and_reports(page: Page, audit: Auditor) -> None:
    home(page)
    page.get_by_role("link", name="Pulse: spring", exact=True).click()
    page.get_by_role("link", name="Workforce figures").click()
    audit("Workforce figures")
    page.get_by_role("link", name="Enter figures for Family Help").click()
    page.get_by_label("Turnover (%)").fill("120")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_role("alert")).to_contain_text("Turnover must be between 0 and 100")
    audit("Workforce figures for a unit, with an error")
    page.get_by_label("Turnover (%)").fill("11.8")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_role("table")).to_contain_text("Turnover: 11.8%")
    home(page)
    page.get_by_role("link", name="Reports").click()
    audit("Reports")
    page.get_by_role("link", name="Pulse: spring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Build a report")
    audit("Build a report")


def walk_every_page(page: Page, server: LiveServer, tmp_path: Path, viewport: str) -> None:
    open_wave_with_responses(server.app)
    add_account(server.app, ADMIN, Role.ADMIN)
    audit = Auditor(page, viewport)
    sign_in(page, server)
    audit("Survey administration")
    walk_the_units(page, audit, tmp_path)
    walk_a_wave(page, audit)
    walk_the_pulses(page, audit)
    walk_workforce_and_reports(page, audit)
    audit.assert_clean(25)


def test_every_admin_page_on_a_phone(phone: Page, live_server: LiveServer, tmp_path: Path) -> None:
    walk_every_page(phone, live_server, tmp_path, "phone")


def test_every_admin_page_on_a_desktop(
    desktop: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    walk_every_page(desktop, live_server, tmp_path, "desktop")


def test_a_unit_file_is_uploaded_and_applied_without_javascript(
    no_javascript: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page = no_javascript
    open_wave_with_responses(live_server.app)
    add_account(live_server.app, ADMIN, Role.ADMIN)
    sign_in(page, live_server)
    page.get_by_role("link", name="Units", exact=True).click()
    page.get_by_role("link", name="Upload a unit file").click()
    upload(page, tmp_path, "units.csv", HEADER + "team-d,Team D,care,7\n")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_role("table")).to_contain_text("Team D")
