"""The first survey, run from the browser (issue 13): from a database holding only the
organisation and the first admin (both made with the CLI), the admin uploads the units, opens a
wave, emails invitations to a real SMTP server on loopback; staff follow the links from the
messages they received and answer; the admin closes the wave and reads the results. axe-core
runs on every page the admin reaches, at 1280 px.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from werkzeug.serving import make_server

from surveyapp.database import get_engine
from tests.conftest import make_app
from tests.support.leaks import assert_kept_nowhere
from tests.support.smtp import MailCatcher, text_of

from .conftest import LiveServer, LogCapture, axe_violations
from .test_respondent_journey import complete_survey

pytestmark = pytest.mark.browser
ADMIN, PASSWORD = "hr.lead@council.example", "plum ferry quietly 91 lanterns"
ROOT = "key,name,parent_key,headcount\ncouncil,Riverside Council,,0\n"
UNITS = ROOT + "family-help,Family Help Team,council,4\n"
STAFF = [f"worker{n}@council.example" for n in range(1, 5)]
LINK = re.compile(r"^http://127\.0\.0\.1:5000(/i/[A-Z2-7]{26})$", re.M)


@pytest.fixture
def first_day(sqlite_url: str, tmp_path: Path, mail_server: MailCatcher) -> Iterator[LiveServer]:
    """An empty database, then ``surveyapp units import`` of the organisation alone and
    ``surveyapp users add`` of the first admin, as an installer would."""
    app = make_app(
        sqlite_url,
        tmp_path,
        RATELIMIT_ENABLED=False,
        SMTP_URL=mail_server.url,
        MIN_GROUP_SIZE=3,
        MIN_COMMENT_GROUP_SIZE=3,
    )
    root = tmp_path / "root.csv"
    root.write_text(ROOT)
    cli = app.test_cli_runner()
    assert cli.invoke(args=["units", "import", str(root)]).exit_code == 0
    added = cli.invoke(
        args=["users", "add", "--email", ADMIN, "--role", "admin", "--scope", "council"]
        + ["--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert added.exit_code == 0, added.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", LogCapture())
    server.shutdown()
    thread.join(timeout=10)
    get_engine(app).dispose()


def test_run_the_first_survey_in_the_browser(
    browser: Browser, first_day: LiveServer, mail_server: MailCatcher, tmp_path: Path
) -> None:
    server = first_day
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    audited: dict[str, list[str]] = {}

    def audit() -> None:
        audited.setdefault(page.title(), axe_violations(page))

    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Units: upload the tree, check the preview, apply it.
    page.get_by_role("link", name="Admin", exact=True).click()
    audit()
    page.get_by_role("link", name="Units", exact=True).click()
    audit()
    page.get_by_role("link", name=re.compile("Upload")).first.click()
    units = tmp_path / "units.csv"
    units.write_text(UNITS)
    page.get_by_label("Unit file").set_input_files(str(units))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the file changes")
    audit()
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_text("Family Help Team").first).to_be_visible()

    # A wave, open now, closing in two weeks.
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="New wave").click()
    audit()
    page.get_by_label("Name", exact=True).fill("Pulse: first")
    page.get_by_role("radio").first.check()  # the question bank
    page.get_by_label("Now").check()
    closes = dt.date.today() + dt.timedelta(days=14)
    closing = page.get_by_role("group", name="Closing date")
    closing.get_by_label("Day").fill(str(closes.day))
    closing.get_by_label("Month").fill(str(closes.month))
    closing.get_by_label("Year").fill(str(closes.year))
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pulse: first")
    audit()

    # Email an invitation to each of the team.
    page.get_by_role("link", name="Invitations", exact=True).click()
    page.get_by_role("link", name="Pulse: first").click()
    page.get_by_role("link", name="Family Help Team").click()
    audit()
    page.get_by_role("link", name="Email invitations to Family Help Team").click()
    audit()
    page.get_by_label("Email addresses").fill("\n".join(STAFF))
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("4 invitations were sent to Family Help Team")).to_be_visible()
    audit()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOTS"]) / "first-survey-sent.png"))
    received = {str(m["To"]): LINK.findall(text_of(m)) for m in mail_server.messages()}
    # One link in each message (written in each of its two languages).
    assert sorted(received) == sorted(STAFF) and all(len(set(v)) == 1 for v in received.values())

    # Three of the four follow the link in their message and answer.
    for address in STAFF[:3]:
        respondent = browser.new_context(viewport={"width": 360, "height": 740})
        answering = respondent.new_page()
        answering.goto(server.url + received[address][0])
        complete_survey(answering, None)
        respondent.close()

    # Close the wave, then read the results.
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Pulse: first").first.click()
    page.get_by_role("link", name="Close the wave").click()
    audit()
    page.get_by_role("button", name="Close the wave").click()
    expect(page.get_by_text("Closed").first).to_be_visible()
    page.goto(f"{server.url}/insights/")
    page.get_by_role("link", name=re.compile("Riverside Council")).first.click()
    expect(page.get_by_role("heading", name="Theme scores")).to_be_visible()
    expect(page.get_by_text("of 4 staff")).to_be_visible()
    expect(page.get_by_text("fewer than 3 responses")).to_have_count(0)
    audit()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOTS"]) / "first-survey-results.png"))

    failures = {title: found for title, found in audited.items() if found}
    assert not failures, failures
    tokens = [link.rsplit("/", 1)[1] for links in received.values() for link in links]
    assert_kept_nowhere(server.app, [*STAFF, *tokens])
    context.close()
