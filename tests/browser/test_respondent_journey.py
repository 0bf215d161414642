"""The respondent's journey in a real browser: phone, desktop, no JavaScript, keyboard only.

axe-core runs on every page reached; any serious or critical violation fails the test.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from surveyapp.domain.banks import load_banks
from surveyapp.domain.tokens import format_code
from surveyapp.paths import SURVEYS
from surveyapp.respond.journey import pages
from tests.factories import wave_with_invitations, wave_with_team_link

from .conftest import LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser
PAGES = pages(load_banks(SURVEYS)["social-work-pulse"])
PHONE_PAGE_MAX = 2600
"""About four screens of a 360 x 740 px phone: no page of questions may be longer."""
ANSWERS_BY_PAGE = {
    1: [
        "Agree",
        "Disagree",
        "Strongly agree",
        "Neither agree nor disagree",
        "Disagree",
        "Most weeks",
    ],
}


def check_page(page: Page, audited: dict[str, list[str]] | None) -> None:
    """Audit the page (once per title) and check it fits the viewport without sideways scroll.

    ``audited`` None means scripts are off in this browser, so nothing can be evaluated in it.
    """
    if audited is None:
        return
    title = page.title()
    if title not in audited:
        audited[title] = axe_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{title}: content is {scroll}px wide in a {width}px viewport"


def answer_page_by_mouse(page: Page, audited: dict[str, list[str]] | None) -> None:
    """Pick the first option of every radio group on the page, then continue."""
    for group in page.locator("fieldset").all():
        group.locator("label").first.click()
    check_page(page, audited)
    page.get_by_role("button", name="Continue").click()


def complete_survey(page: Page, audited: dict[str, list[str]] | None, comment: str = "") -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Social work pulse")
    expect(page.get_by_text("Nothing about you")).to_be_visible()
    expect(page.get_by_text("It takes about 4 minutes, or up to 6")).to_be_visible()
    check_page(page, audited)
    page.get_by_role("button", name="Start now").click()
    for number in range(1, len(PAGES) + 1):
        expect(page.get_by_text(f"Page {number} of {len(PAGES)}")).to_be_visible()
        viewport = page.viewport_size
        if viewport is not None and viewport["width"] <= 360:
            height = page.evaluate("document.documentElement.scrollHeight")
            assert height <= PHONE_PAGE_MAX, f"page {number} is {height}px tall at 360px"
        if number == len(PAGES) and comment:
            page.get_by_label("What is one change").fill(comment)
        answer_page_by_mouse(page, audited)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    check_page(page, audited)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    check_page(page, audited)


def assert_no_violations(audited: dict[str, list[str]]) -> None:
    failures = {title: found for title, found in audited.items() if found}
    assert not failures, failures


def responses(server: LiveServer) -> int:
    from tests.respond.conftest import counts

    return counts(server.app)[0]


def test_invitation_link_on_a_phone(live_server: LiveServer, phone: Page) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    audited: dict[str, list[str]] = {}
    phone.goto(f"{live_server.url}/i/{tokens[0]}")
    assert phone.url == f"{live_server.url}/survey", "the token must leave the address bar"
    complete_survey(phone, audited, comment="More time for direct work.")
    assert responses(live_server) == 1
    keep_screenshot(phone, "phone-done.png")
    assert_no_violations(audited)
    assert len(audited) >= 6


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_skipping_every_scored_question_is_refused_then_one_answer_is_sent(
    live_server: LiveServer, size: str, request: pytest.FixtureRequest
) -> None:
    """At 360 and 1280 px: the check page's error summary, with axe; nothing kept until the
    respondent answers one scored question."""
    page: Page = request.getfixturevalue(size)
    _wave, tokens = wave_with_invitations(live_server.app)
    audited: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/i/{tokens[0]}")
    expect(page.get_by_text("answer at least one of the questions on a scale")).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    for _number in PAGES:
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Answer at least one of the questions")
    assert page.title().startswith("Error: ")
    check_page(page, audited)
    assert responses(live_server) == 0
    page.get_by_role("button", name="Change page 1 answers").click()
    page.locator("fieldset").first.locator("label").first.click()
    for _number in PAGES:
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    assert responses(live_server) == 1
    assert_no_violations(audited)


def test_typed_code_on_a_desktop(live_server: LiveServer, desktop: Page) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    audited: dict[str, list[str]] = {}
    desktop.goto(live_server.url)
    check_page(desktop, audited)
    desktop.get_by_role("link", name="Enter your survey code").click()
    check_page(desktop, audited)
    desktop.get_by_role("button", name="Continue").click()
    expect(desktop.get_by_text("There is a problem")).to_be_visible()
    check_page(desktop, audited)
    desktop.get_by_label("Enter your survey code").fill(format_code(tokens[0]).lower())
    desktop.get_by_role("button", name="Continue").click()
    complete_survey(desktop, audited)
    assert responses(live_server) == 1
    assert_no_violations(audited)


def test_team_link_then_refused_on_the_same_browser(live_server: LiveServer, phone: Page) -> None:
    _wave, token = wave_with_team_link(live_server.app)
    audited: dict[str, list[str]] = {}
    phone.goto(f"{live_server.url}/t/{token}")
    complete_survey(phone, audited)
    phone.goto(f"{live_server.url}/t/{token}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("already been used to answer")
    check_page(phone, audited)
    assert responses(live_server) == 1
    assert_no_violations(audited)


def test_without_javascript(live_server: LiveServer, no_javascript: Page) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    no_javascript.goto(f"{live_server.url}/i/{tokens[0]}")
    complete_survey(no_javascript, None, comment="Works without scripts.")
    assert responses(live_server) == 1


def test_keyboard_only_with_visible_focus(live_server: LiveServer, desktop: Page) -> None:
    _wave, tokens = wave_with_invitations(live_server.app)
    desktop.goto(f"{live_server.url}/i/{tokens[0]}")

    def tab_to(name_pattern: str) -> None:
        for _ in range(80):
            desktop.keyboard.press("Tab")
            label = desktop.evaluate(
                "(() => { const e = document.activeElement;"
                " return (e.innerText || e.value || '') + '|' + (e.name || ''); })()"
            )
            if re.search(name_pattern, label):
                focus = desktop.evaluate(
                    "(() => { const s = getComputedStyle(document.activeElement);"
                    " return [s.outlineStyle, s.boxShadow, s.backgroundColor]; })()"
                )
                assert focus[0] != "none" or focus[1] != "none", f"no visible focus on {label}"
                return
        raise AssertionError(f"could not reach {name_pattern} by keyboard")

    tab_to("Start now")
    desktop.keyboard.press("Enter")
    for survey_page in PAGES:
        expect(desktop.get_by_text(re.compile(rf"Page \d of {len(PAGES)}"))).to_be_visible()
        if survey_page.questions:
            tab_to(rf"\|{survey_page.questions[0].key}$")
            desktop.keyboard.press("Space")
        tab_to(r"^Continue")
        desktop.keyboard.press("Enter")
    expect(desktop.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    tab_to("^Send my answers")
    desktop.keyboard.press("Enter")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    assert responses(live_server) == 1


def test_logs_of_a_full_run_hold_no_token_code_or_address(
    live_server: LiveServer, desktop: Page
) -> None:
    _wave, tokens = wave_with_invitations(live_server.app, count=2)
    desktop.goto(f"{live_server.url}/i/{tokens[0]}")
    complete_survey(desktop, {})
    desktop.goto(f"{live_server.url}/code")
    desktop.get_by_label("Enter your survey code").fill(format_code(tokens[1]))
    desktop.get_by_role("button", name="Continue").click()
    complete_survey(desktop, {})
    desktop.goto(f"{live_server.url}/i/{tokens[0]}")
    log = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(live_server.logs.lines))
    assert '"GET /i/[redacted]' in log, "the access log was not captured"
    assert '"POST /survey' in log
    for secret in (*tokens, *(format_code(t) for t in tokens), "127.0.0.1"):
        assert secret not in log, f"{secret} reached the log"
