"""The survey in Welsh in a real browser: no JavaScript, 360 px, every page checked.

Every visible string of every page must be Welsh: from the Welsh catalogue or the bank's Welsh
words, leaving only numbers, the app's name, the language link and what staff typed (the wave's
name). Any English string of the catalogue or bank left on a page fails the test, and axe runs
on each page with ``lang="cy"``. With scripts off nothing can be evaluated in the page itself, so
each page's HTML is also loaded into a page that runs scripts, on the same server, for axe and to
read its visible text.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from surveyapp.respond.journey import pages
from tests.factories import wave_with_invitations
from tests.support.welsh import BANK, english_left, not_welsh

from .conftest import LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser
PAGE_COUNT = len(pages(BANK))
TYPED = "Mwy o amser ar gyfer goruchwyliaeth."
"""The comment the respondent types (their words, shown back on the check page)."""
NOT_WORDS = (
    "Change the language to English",
    "English",
    "Staff Voice",
    "Pulse: test",
    "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-AB",
)
"""What a Welsh page may show that is not Welsh: what the respondent typed, the link to English
(in English, ``lang="en"``: the HMRC pattern), the app's name, the wave's name (typed by staff)
and the example code."""


class WelshPages:
    """Checks each page the scriptless browser shows, in a copy that runs scripts."""

    def __init__(self, server: LiveServer, scripted: Page) -> None:
        self.server, self.scripted = server, scripted
        self.seen: dict[str, list[str]] = {}

    def check(self, page: Page, screenshot: str = "") -> None:
        html = page.content()
        assert '<html lang="cy">' in html, page.url
        self.scripted.goto(f"{self.server.url}/privacy")  # same origin: the stylesheet loads
        self.scripted.set_content(html)
        title = self.scripted.title()
        text = self.scripted.locator("body").inner_text()
        problems = [f"English: {e}" for e in english_left(text)]
        problems += [
            f"not Welsh: {word}"
            for word in not_welsh(text, NOT_WORDS, typed=(TYPED, "Change the language to English"))
        ]
        problems += [f"axe: {v}" for v in axe_violations(self.scripted)]
        self.seen[title] = problems
        if screenshot:
            keep_screenshot(page, f"welsh-{screenshot}-360.png")
            keep_screenshot(self.scripted, f"welsh-{screenshot}-desktop.png")

    def assert_all_welsh(self) -> None:
        failures = {title: found for title, found in self.seen.items() if found}
        assert not failures, failures


@pytest.fixture
def scripted(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_whole_journey_in_welsh_without_javascript(
    live_server: LiveServer, no_javascript: Page, scripted: Page
) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    checked = WelshPages(live_server, scripted)
    page = no_javascript
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()  # the language link
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff Voice")
    checked.check(page)
    page.get_by_role("link", name="Rhowch eich cod arolwg").click()
    checked.check(page)
    page.get_by_role("button", name="Parhau").click()  # no code: the error, in Welsh
    expect(page.get_by_text("Rhowch y cod sydd ar eich slip gwahoddiad").first).to_be_visible()
    checked.check(page)
    page.goto(f"{live_server.url}/i/{tokens[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arolwg pwls gwaith cymdeithasol")
    checked.check(page, screenshot="start")
    page.get_by_role("button", name="Dechrau nawr").click()
    for number in range(1, PAGE_COUNT + 1):
        expect(page.get_by_text(f"Tudalen {number} o {PAGE_COUNT}").first).to_be_visible()
        for group in page.locator("fieldset").all():
            group.locator("label").first.click()
        if number == PAGE_COUNT:
            page.get_by_label("Beth yw’r un newid").fill(TYPED)
        checked.check(page, screenshot="question-page" if number == 1 else "")
        page.get_by_role("button", name="Parhau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich atebion cyn eu hanfon")
    checked.check(page, screenshot="check")
    page.get_by_role("button", name="Anfon fy atebion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae eich atebion wedi’u hanfon")
    checked.check(page, screenshot="done")
    page.goto(f"{live_server.url}/privacy")
    checked.check(page)
    checked.assert_all_welsh()
    assert len(checked.seen) >= 10


def test_the_language_button_on_a_question_page_keeps_the_answers(
    live_server: LiveServer, no_javascript: Page
) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    page = no_javascript
    page.goto(f"{live_server.url}/i/{tokens[0]}")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Strongly agree").first.check()
    page.get_by_role("button", name="Newid yr iaith i’r Gymraeg").click()
    expect(page.get_by_text(f"Tudalen 1 o {PAGE_COUNT}").first).to_be_visible()
    expect(page.get_by_label("Cytuno’n gryf").first).to_be_checked()
    expect(page.locator(".error-summary")).to_have_count(0)
