"""The survey in Welsh in a real browser: no JavaScript, 360 px, every page checked.

Every visible string of every page must be Welsh: from the Welsh catalogue or the bank's Welsh
words, leaving only numbers, the app's name, the language link and what staff typed (the wave's
name). Any English string of the catalogue or bank left on a page fails the test, and axe runs
on each page with ``lang="cy"``. With scripts off nothing can be evaluated in the page itself, so
each page's HTML is also loaded into a page that runs scripts, on the same server, for axe and to
read its visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from surveyapp.domain.banks import Bank, load_banks
from surveyapp.languages import NAMES
from surveyapp.paths import SURVEYS, TRANSLATIONS
from surveyapp.respond.journey import pages
from tests.factories import wave_with_invitations

from .conftest import LiveServer, axe_violations, keep_screenshot

pytestmark = pytest.mark.browser
BANK = load_banks(SURVEYS)["social-work-pulse"]
PAGE_COUNT = len(pages(BANK))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
TAG = re.compile(r"<[^>]+>")
NOT_WORDS = (
    "Change the language to English",
    "English",
    "Staff Voice",
    "Pulse: test",
    "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-AB",
)
"""What a Welsh page may show that is not Welsh: the link to English (in English, ``lang="en"``:
the HMRC pattern), the app's name, the wave's name (typed by staff) and the example code."""


TYPED = "Mwy o amser ar gyfer goruchwyliaeth."
"""The comment the respondent types (their words, shown back on the check page)."""


def _bank_words(bank: Bank) -> Iterator[str]:
    yield bank.title
    yield bank.intro
    for theme in bank.themes:
        yield from (theme.title, theme.description)
    for question in bank.questions:
        yield from (question.text, question.hint)
        yield from (option.label for option in question.options)
    for demographic in bank.demographics:
        yield demographic.text
        yield from (band.label for band in demographic.bands)
    for prompt in bank.comments:
        yield from (prompt.text, prompt.hint)


def _catalogue() -> list[tuple[str, str]]:
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(i, s) for i in ids for s in strings]
    return pairs


def _pattern(text: str) -> re.Pattern[str]:
    """Visible text of a catalogue string: its tags gone, any value in its placeholders."""
    parts = PLACEHOLDER.split(TAG.sub("", text))
    return re.compile(r".+?".join(re.escape(part) for part in parts))


CATALOGUE = _catalogue()
WELSH = sorted(
    {*(s for _i, s in CATALOGUE), *_bank_words(BANK.in_language("cy")), NAMES["cy"]} - {""},
    key=len,
    reverse=True,
)
WELSH_PATTERNS = [_pattern(text) for text in WELSH]
ENGLISH = {
    TAG.sub("", text)
    for text in (*(i for i, _s in CATALOGUE), *_bank_words(BANK))
    if text and text not in WELSH
}
"""Every English string the app or the bank could show, but those written the same in Welsh."""
ENGLISH_FRAGMENTS = {
    fragment.strip()
    for text in ENGLISH
    for fragment in PLACEHOLDER.split(text)
    if len(fragment.split()) >= 3
}


def _not_welsh(text: str) -> list[str]:
    """The words left of a page's visible text once every Welsh string and allowed value is
    taken out. The text is read as one line: a string's visually hidden part (a button's
    "<span> atebion</span>") is a line of its own in the browser's rendering."""
    rest = " ".join(text.split()).replace(TYPED, " ")
    for pattern in WELSH_PATTERNS:
        rest = pattern.sub(" ", rest)
    for allowed in NOT_WORDS:
        rest = rest.replace(allowed, " ")
    return re.findall(r"\S*[^\W\d_]\S*", rest)


def _english(text: str) -> list[str]:
    lines = {line.strip() for line in text.splitlines()}
    found = sorted(lines & ENGLISH)
    found += sorted(f for f in ENGLISH_FRAGMENTS if f in text and f not in found)
    return found


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
        problems = [f"English: {e}" for e in _english(text)]
        problems += [f"not Welsh: {word}" for word in _not_welsh(text)]
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
