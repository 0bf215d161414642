"""Every respondent page has one size whatever was answered: a length reads no answer.

Before, page 2's size alone gave the out-of-hours answer of page 1 (one hidden field per answer),
and the check page's gave the supervision answers, role and comment lengths. The journey here is
walked as a browser walks it (each page posts its own fields and the sealed answers it was
given), answered in many ways, and every page kind must come back at one Content-Length.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveyapp.database import get_engine
from surveyapp.domain.banks import Bank
from surveyapp.respond.journey import pages
from surveyapp.runtime import runtime
from tests.conftest import make_app
from tests.factories import wave_with_invitations

from .conftest import CSRF, FULL_ANSWERS, PAGES, SEALED, counts, csrf_of

OUT_OF_HOURS = "workload_out_of_hours_v1"
ESCAPED = ('<&"' * 334)[:1000]  # the longest comment, of characters that HTML escapes
EMOJI = "\U0001f9e1" * 1000  # four bytes each in UTF-8


def bank_of(app: Flask) -> Bank:
    """The bank as the test's first wave asks it (no follow-up question)."""
    bank: Bank = runtime(app).banks["social-work-pulse"]
    return bank.as_asked(asks_follow_up=False)


class Browser:
    """A browser without JavaScript: it posts a page's own fields and its hidden ones."""

    def __init__(self, client: FlaskClient, bank: Bank, sizes: dict[str, set[int]]) -> None:
        self.client, self.bank, self.sizes = client, bank, sizes
        self.page = ""

    def note(self, kind: str, response: TestResponse) -> TestResponse:
        length = int(response.headers["Content-Length"])
        assert length == len(response.get_data()), kind
        self.sizes[kind].add(length)
        self.page = response.get_data(as_text=True)
        return response

    def send(self, kind: str, page: int, fields: Mapping[str, str], action: str = "next") -> str:
        token = CSRF.search(self.page)
        sealed = SEALED.search(self.page)
        form = {
            "csrf_token": token.group(1) if token else "",
            "page": str(page),
            **({"answers": sealed.group(1)} if sealed else {}),
            **fields,
            "action": action,
        }
        self.note(kind, self.client.post("/survey", data=form))
        return self.page

    def walk(self, number: int, answers: Mapping[str, str]) -> None:
        """From page ``number`` to the last, answering each page on the way."""
        for page in range(number, PAGES):
            self.send(f"page {page + 1}", page, self.own(page, answers))

    def own(self, number: int, answers: Mapping[str, str]) -> dict[str, str]:
        keys = pages(self.bank)[number - 1].keys
        return {k: v for k, v in answers.items() if k in keys}


def journey(
    app: Flask,
    token: str,
    answers: Mapping[str, str],
    sizes: dict[str, set[int]],
    detour: str = "",
) -> str:
    """Walk in by link, answer every page, check, maybe go round a detour, and send."""
    browser = Browser(app.test_client(), bank_of(app), sizes)
    assert browser.client.get(f"/i/{token}").status_code == 303
    browser.note("start", browser.client.get("/survey"))
    browser.send("page 1", 0, {})
    if detour == "page 1 error":
        browser.send("page 1", 1, {**browser.own(1, answers), "morale_valued_v1": "9"})
    browser.walk(1, answers)
    if detour == "back":
        browser.send(f"page {PAGES - 1}", PAGES, browser.own(PAGES, answers), action="back")
        browser.walk(PAGES - 1, answers)
    if detour == "comment too long":
        too_long = {**browser.own(PAGES, answers), "comment_keep_v1": "y" * 1001}
        browser.send(f"page {PAGES}", PAGES, too_long)
    browser.send("check", PAGES, browser.own(PAGES, answers))
    if detour == "nothing scored first":
        browser.send("check", 0, {}, action="submit")
        assert "Answer at least one of the questions on a scale" in browser.page
        browser.send("page 1", 0, {}, action="change-1")
        browser.send("page 2", 1, {**browser.own(1, answers), "morale_valued_v1": "3"})
        browser.walk(2, answers)
        browser.send("check", PAGES, browser.own(PAGES, answers))
    if detour == "change":
        browser.send("page 2", 0, {}, action="change-2")
        browser.walk(2, answers)
        browser.send("check", PAGES, browser.own(PAGES, answers))
    browser.send("done", 0, {}, action="submit")
    return browser.page


def code_pages(app: Flask, sizes: dict[str, set[int]]) -> set[int]:
    """The code page, blank and with each kind of mistake; the statuses it answered."""
    browser = Browser(app.test_client(), bank_of(app), sizes)
    browser.note("code", browser.client.get("/code"))
    token = csrf_of(browser.page)
    statuses = set()
    for typed in ("", "x", "not a code <&>" * 6, *([""] * 20)):
        response = browser.client.post("/code", data={"csrf_token": token, "code": typed})
        statuses.add(browser.note("code", response).status_code)
    return statuses


def test_the_rate_limited_code_page_has_the_same_size(app: Flask) -> None:
    sizes: dict[str, set[int]] = defaultdict(set)
    assert code_pages(app, sizes) == {400, 429}
    assert len(sizes["code"]) == 1, sizes


def variants(app: Flask) -> list[tuple[dict[str, str], str]]:
    out_of_hours = [o.key for o in bank_of(app).question(OUT_OF_HOURS).options]
    assert len(out_of_hours) == 4
    plain = [({**FULL_ANSWERS, OUT_OF_HOURS: option}, "") for option in out_of_hours]
    return [
        *plain,
        ({"recommend_workplace_v1": "0"}, ""),
        ({"role": "prefer_not_to_say", "morale_valued_v1": "1"}, ""),
        (
            {"supervision_last_v1": "within_2_months", "role": "prefer_not_to_say"},
            "nothing scored first",
        ),
        ({**FULL_ANSWERS, "comment_keep_v1": ESCAPED, "comment_change_v1": ESCAPED}, ""),
        ({**FULL_ANSWERS, "comment_keep_v1": EMOJI, "comment_change_v1": "ok"}, ""),
        ({**FULL_ANSWERS, "comment_keep_v1": "Line one.\r\nLine two." * 40}, ""),
        (
            {
                "supervision_last_v1": "within_2_months",
                "recommend_workplace_v1": "5",
                "comment_change_v1": "&",
            },
            "page 1 error",
        ),
        ({**FULL_ANSWERS, "comment_keep_v1": ESCAPED}, "comment too long"),
        ({**FULL_ANSWERS, OUT_OF_HOURS: "never"}, "back"),
        ({**FULL_ANSWERS, "comment_change_v1": EMOJI}, "change"),
    ]


@pytest.fixture
def unlimited(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app without rate limits: one address walks many journeys here."""
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=False)
    yield app
    get_engine(app).dispose()


def test_every_page_kind_has_one_size_whatever_was_answered(unlimited: Flask) -> None:
    app = unlimited
    cases = variants(app)
    _wave, tokens = wave_with_invitations(app, count=len(cases))
    sizes: dict[str, set[int]] = defaultdict(set)
    for (answers, detour), token in zip(cases, tokens, strict=True):
        assert "Your answers have been sent" in journey(app, token, answers, sizes, detour)
    assert counts(app)[0] == len(cases)
    code_pages(app, sizes)
    browser = Browser(app.test_client(), bank_of(app), sizes)
    assert browser.client.get(f"/i/{tokens[0]}").status_code == 410
    browser.note("done", browser.client.get("/survey"))  # after sending: "no survey in progress"
    questions = {f"page {number}" for number in range(1, PAGES + 1)}
    assert set(sizes) == {"code", "start", "check", "done"} | questions
    differing = {kind: sorted(found) for kind, found in sizes.items() if len(found) != 1}
    assert not differing, f"page sizes that depend on the answers: {differing}"
    # One size class for the whole journey: not even the kind of page shows in its length.
    assert len({size for found in sizes.values() for size in found}) == 1, dict(sizes)


def test_a_page_too_large_to_send_comes_back_at_the_same_size(app: Flask) -> None:
    _wave, tokens = wave_with_invitations(app, count=2)
    sizes: dict[str, set[int]] = defaultdict(set)
    journey(app, tokens[0], FULL_ANSWERS, sizes)
    browser = Browser(app.test_client(), bank_of(app), sizes)
    assert browser.client.get(f"/i/{tokens[1]}").status_code == 303
    browser.note("start", browser.client.get("/survey"))
    browser.send("page 1", 0, {})
    browser.send("page 2", 1, browser.own(1, FULL_ANSWERS))
    browser.send("page 3", 2, browser.own(2, FULL_ANSWERS))
    browser.send("page 3", 3, {"comment_keep_v1": "Too much. " * 30_000})
    assert "What you sent was too large" in browser.page
    assert len(sizes["page 3"]) == 1, sizes["page 3"]


def test_pages_carry_no_answer_readable_in_them(app: Flask) -> None:
    """A shared PC's form history or a saved page holds one sealed value, not answers."""
    _wave, tokens = wave_with_invitations(app)
    sizes: dict[str, set[int]] = defaultdict(set)
    browser = Browser(app.test_client(), bank_of(app), sizes)
    assert browser.client.get(f"/i/{tokens[0]}").status_code == 303
    browser.note("start", browser.client.get("/survey"))
    browser.send("page 1", 0, {})
    page2 = browser.send("page 2", 1, browser.own(1, FULL_ANSWERS))
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"', page2)
    assert hidden == ["csrf_token", "page", "answers"]
    assert "most_weeks" not in page2 and OUT_OF_HOURS not in page2


@pytest.mark.parametrize("tamper", ["swap", "edit", "short"])
def test_sealed_answers_open_only_in_their_own_visit(app: Flask, tamper: str) -> None:
    """Another respondent's sealed answers, pasted into a page, are refused, never shown."""
    _wave, tokens = wave_with_invitations(app, count=2)
    sizes: dict[str, set[int]] = defaultdict(set)
    pages_seen = []
    for token in tokens:
        browser = Browser(app.test_client(), bank_of(app), sizes)
        assert browser.client.get(f"/i/{token}").status_code == 303
        browser.note("start", browser.client.get("/survey"))
        browser.send("page 1", 0, {})
        browser.send("page 2", 1, browser.own(1, FULL_ANSWERS))
        pages_seen.append(browser)
    first, second = pages_seen
    sealed = SEALED.search(first.page)
    assert sealed
    original = sealed.group(1)
    edited = original[:20] + ("B" if original[20] == "A" else "A") + original[21:]
    value = {"swap": original, "edit": edited, "short": original[:100]}[tamper]
    token = CSRF.search(second.page)
    assert token
    response = second.client.post(
        "/survey",
        data={"csrf_token": token.group(1), "page": "0", "answers": value, "action": "next"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Your answers could not be read" in body and "most_weeks" not in body
    assert int(response.headers["Content-Length"]) in sizes["page 2"]
