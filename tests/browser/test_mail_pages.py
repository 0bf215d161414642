"""The invitation, email, reminder, staff-account, set-password and API-token pages in a real
browser at 360 px and 1280 px: axe-core finds no serious or critical violation on any of them
(empty, with errors, and with results), none scrolls sideways, and the mail goes to a real SMTP
server on loopback.

Set SCREENSHOTS to a folder to keep a picture of every page audited, for people to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from tests.accounts.support import PASSWORD, add_account
from tests.conftest import make_app
from tests.factories import open_test_wave
from tests.support.smtp import MailCatcher, text_of

from .conftest import LiveServer, LogCapture, axe_violations

pytestmark = pytest.mark.browser
ADMIN = "admin@example.org"
TEAM = ["sam.jones@example.org", "lee.smith@example.org", "kim.patel@example.org"]
NEW_PASSWORD = "plum ferry quietly 91 lanterns"


@pytest.fixture
def mail_live_server(
    sqlite_url: str, tmp_path: Path, mail_server: MailCatcher
) -> Iterator[LiveServer]:
    app = make_app(
        sqlite_url,
        tmp_path,
        RATELIMIT_ENABLED=False,
        SMTP_URL=mail_server.url,
        SMTP_TIMEOUT_SECONDS=2,
    )
    with app.app_context(), session_scope(app) as session:
        open_test_wave(session, app)
    add_account(app, ADMIN, Role.ADMIN)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", LogCapture())
    server.shutdown()
    thread.join(timeout=10)
    get_engine(app).dispose()


class Auditor:
    def __init__(self, page: Page, viewport: str) -> None:
        self.page, self.viewport = page, viewport
        self.found: dict[str, list[str]] = {}
        self.folder = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None

    def __call__(self, name: str) -> None:
        page = self.page
        self.found[name] = axe_violations(page)
        width = page.evaluate("document.documentElement.clientWidth")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name}: {scroll}px wide in a {width}px viewport"
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            page.screenshot(path=str(self.folder / f"{slug}-{self.viewport}.png"), full_page=True)

    def assert_clean(self, expected: int) -> None:
        failures = {name: found for name, found in self.found.items() if found}
        assert not failures, failures
        assert len(self.found) == expected, list(self.found)


def walk_every_page(page: Page, server: LiveServer, mail: MailCatcher, viewport: str) -> None:
    audit = Auditor(page, viewport)
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations")
    audit("Invitations: open surveys")
    page.get_by_role("link", name="Pulse: test").click()
    audit("Invitations: units of a survey")
    page.get_by_role("link", name="Team A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team A")
    audit("Invitations: one unit")
    page.get_by_label("How many invitations").fill("0")
    page.get_by_role("button", name="Download invitations").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a number from 1 to 5,000")
    audit("Invitations: one unit, with an error")
    page.get_by_label("How many invitations").fill("3")
    page.get_by_label(re.compile("A spreadsheet of links")).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download invitations").click()
    assert download.value.suggested_filename.endswith("-team-a.csv")

    page.get_by_role("button", name="Issue a team link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team link")
    audit("Team link")
    with page.expect_download() as poster:
        page.get_by_role("button", name="Download the poster (PDF)").click()
    assert poster.value.suggested_filename == "team-link-team-a.pdf"

    page.get_by_role("link", name=re.compile(r"Team A$")).first.click()
    page.get_by_role("link", name="Email invitations to Team A").click()
    audit("Email invitations")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter at least one email address")
    audit("Email invitations, with an error")
    mail.refuse = {TEAM[1]}
    page.get_by_label("Email addresses").fill("\n".join([TEAM[0], "not an address", *TEAM[1:]]))
    page.get_by_label("Keep these addresses for reminders").check()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Some invitations were not sent")
    audit("Email invitations: some not sent")
    mail.refuse = set()
    page.get_by_role("button", name="Send again to this address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations sent")
    audit("Email invitations: sent")
    assert sorted(mail.to()) == sorted(TEAM)

    page.goto(page.url.rsplit("/email", 1)[0] + "/reminders")
    expect(page.get_by_text("3 addresses are kept for Team A")).to_be_visible()
    audit("Reminders")
    page.get_by_role("button", name="Add a reminder").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a date")
    audit("Reminders, with an error")
    today = dt.date.today()
    page.get_by_label("Day", exact=True).fill(str(today.day))
    page.get_by_label("Month", exact=True).fill(str(today.month))
    page.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_role("button", name="Add a reminder").click()
    expect(page.get_by_role("cell", name="Waiting")).to_be_visible()
    audit("Reminders, with a date")

    page.get_by_role("link", name="Staff accounts").click()
    audit("Staff accounts")
    page.get_by_role("button", name="Add a staff account").click()
    audit("Add a staff account")
    page.get_by_role("button", name="Add the account").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their email address")
    audit("Add a staff account, with errors")
    colleague = f"colleague-{viewport}@example.org"
    page.get_by_label("Email address").fill(colleague)
    page.get_by_role("radio", name=re.compile("^Viewer")).check()
    page.get_by_label("Unit they look after").select_option(label="– – Team A")
    page.get_by_role("button", name="Add the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(colleague)
    audit("A staff account")

    link = re.search(r"^\S+/set-password/\S+$", text_of(mail.messages()[-1]), re.M)
    assert link, "no set-password link was emailed"
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.goto(link.group(0).replace("http://127.0.0.1:5000", server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    audit("Set your password")
    page.get_by_label("New password").fill("password1234")
    page.get_by_label("Type the password again").fill("password1234")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("alert")).to_contain_text("too easy to guess")
    audit("Set your password, with an error")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    audit("Your password is set")
    page.goto(link.group(0).replace("http://127.0.0.1:5000", server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    audit("This link no longer works")

    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(colleague)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/account")
    page.get_by_role("link", name="your API tokens").click()
    audit("API tokens")
    page.get_by_label("Name the token").fill("board spreadsheet")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_text("Copy it now: it is not shown again.")).to_be_visible()
    audit("API tokens, with a new one")
    audit.assert_clean(expected=22)


def test_every_mail_page_on_a_phone(
    phone: Page, mail_live_server: LiveServer, mail_server: MailCatcher
) -> None:
    walk_every_page(phone, mail_live_server, mail_server, "360")


def test_every_mail_page_on_a_desktop(
    desktop: Page, mail_live_server: LiveServer, mail_server: MailCatcher
) -> None:
    walk_every_page(desktop, mail_live_server, mail_server, "1280")
