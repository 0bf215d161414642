"""Signing in with the council's account and answering with a token, in Chromium.

An admin turns on sign-in for a wave on its admin page (the tests' own OpenID Connect provider
on loopback). A staff member opens the wave's sign-in page, signs in at the provider, and the
page blinds a random message with the team key (vendored blindrsa-ts, WebCrypto), has it signed
and shows the token; the sign-in cookie is then gone. In a fresh browser the token is pasted on
the answer page, the survey answered and the confirmation shown. axe-core finds nothing on the
new pages, and nothing breaks the Content-Security-Policy ('self' only).

Set STAFFVOICE_SCREENSHOTS to a folder to keep a picture of each step.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.sso.cookie import SIGN_IN_COOKIE
from tests.accounts.support import PASSWORD, add_account
from tests.factories import open_test_wave
from tests.support.sign_on import CLIENT_ID, CLIENT_SECRET, add_person, local_provider

from .conftest import LiveServer, axe_violations, keep_screenshot
from .test_respondent_journey import complete_survey, responses

pytestmark = pytest.mark.browser
ADMIN = "admin@example.org"
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def provider() -> Iterator[str]:
    with local_provider() as url:
        yield url


def audit(page: Page, audited: dict[str, list[str]], shot: str) -> None:
    audited[page.title()] = axe_violations(page)
    keep_screenshot(page, shot)


def turn_on_sign_in(page: Page, server: LiveServer, wave_id: int, provider: str) -> None:
    audited: dict[str, list[str]] = {}
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/admin/waves/{wave_id}")
    page.get_by_role("link", name="Sign in with the council's account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with the council's account")
    page.get_by_role("button", name="Turn on signing in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit(page, audited, "sign-on-admin-errors.png")
    page.get_by_label("Issuer URL").fill(provider)
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_label("From a claim of their account").check()
    page.get_by_label("Claim name").fill("department")
    page.get_by_role("button", name="Turn on signing in").click()
    expect(page.get_by_text("Signing in is set up for")).to_be_visible()
    expect(page.get_by_text("4 team keys")).to_be_visible()
    audit(page, audited, "sign-on-admin-saved.png")
    assert not any(audited.values()), audited


def test_an_admin_turns_sign_in_on_and_a_member_gets_a_token_and_answers_later(
    browser: Browser, live_server: LiveServer, provider: str
) -> None:
    app = live_server.app
    with app.app_context(), session_scope(app) as session:
        wave_id = open_test_wave(session, app).id
    add_account(app, ADMIN, Role.ADMIN)
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    turn_on_sign_in(admin.new_page(), live_server, wave_id, provider)
    admin.close()
    add_person(provider, "sam@example.test", {"email": "sam@example.test", "department": "Team A"})

    audited: dict[str, list[str]] = {}
    member = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    member.add_init_script(WATCH_CSP)
    page = member.new_page()
    page.goto(f"{live_server.url}/sso/waves/{wave_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Take part with your council account")
    expect(page.get_by_text("This needs JavaScript")).to_be_visible()
    audit(page, audited, "sign-on-1-landing.png")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.get_by_placeholder("sub").fill("sam@example.test")
    keep_screenshot(page, "sign-on-2-provider.png")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get your token")
    expect(page.get_by_text("member of Team A")).to_be_visible()
    audit(page, audited, "sign-on-3-make-token.png")
    page.get_by_role("button", name="Make my token").click()
    expect(page.get_by_text("Your token is ready")).to_be_visible()
    token = page.get_by_role("textbox", name="Your token").input_value()
    assert token.startswith(f"sv1.{wave_id}.")
    assert SIGN_IN_COOKIE not in {c["name"] for c in member.cookies()}, "still signed in"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the token").click()
    assert Path(download.value.path()).read_text(encoding="utf-8").strip() == token
    audit(page, audited, "sign-on-4-token.png")
    page.goto(f"{live_server.url}/waves/{wave_id}/unit-keys")
    audit(page, audited, "sign-on-5-unit-keys.png")
    assert page.evaluate("window.cspViolations") == []
    member.close()

    later = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = later.new_page()
    page.goto(f"{live_server.url}/token")
    audit(page, audited, "sign-on-6-answer-with-token.png")
    page.get_by_label("Your token").fill(token)
    page.get_by_role("button", name="Continue").click()
    complete_survey(page, None)
    keep_screenshot(page, "sign-on-7-sent.png")
    assert responses(live_server) == 1
    page.goto(f"{live_server.url}/token")
    page.get_by_label("Your token").fill(token)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This token has already been used")
    audit(page, audited, "sign-on-8-used-again.png")
    later.close()
    assert not any(audited.values()), audited
    # The provider logs to the same werkzeug logger: its own lines are left out.
    provider_paths = ("/users/", "/oauth2/", "/jwks", "/.well-known/")
    logged = "\n".join(
        line for line in live_server.logs.lines if not any(p in line for p in provider_paths)
    )
    assert "/sso/callback" in logged and "/token" in logged
    _, _, _, message, signature = token.split(".")
    for secret in ("sam@example.test", message, signature):
        assert secret not in logged
    assert "code=" not in logged and "state=" not in logged, "the provider's callback logged"


def test_the_token_kept_in_this_browser_is_offered_on_the_answer_page(
    browser: Browser, live_server: LiveServer, provider: str
) -> None:
    from tests.support.sign_on import turn_on

    app = live_server.app
    with app.app_context(), session_scope(app) as session:
        wave_id = open_test_wave(session, app).id
    turn_on(app, wave_id, provider)
    add_person(provider, "pat", {"department": "Team B"})
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/sso/waves/{wave_id}/sign-in")
    page.get_by_placeholder("sub").fill("pat")
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("button", name="Make my token").click()
    token = page.get_by_role("textbox", name="Your token").input_value()
    assert token.startswith("sv1.")
    page.goto(f"{live_server.url}/token")
    page.get_by_role("button", name="Use the token saved in this browser").click()
    expect(page.get_by_label("Your token")).to_have_value(token)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Start now")).to_be_visible()
    context.close()
