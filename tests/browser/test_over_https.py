"""The whole deployment of docs/PRODUCTION.md, driven by Chromium over real HTTPS.

nginx terminates TLS with a self-signed certificate and forwards to gunicorn
(``SURVEYAPP_PROXY_HOPS=1``), which runs with the production settings: ``SURVEYAPP_ENV=production``,
strong secrets, secure session cookies and rate limits on. A member of staff signs in, and a
respondent types an invitation code, answers and sends: every form is a POST over HTTPS, checked
for its CSRF token and its origin.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Response, expect

from surveyapp.database import get_engine
from surveyapp.domain.roles import Role
from surveyapp.domain.sealed import new_key
from surveyapp.domain.tokens import format_code
from tests.accounts.support import PASSWORD, add_account
from tests.conftest import make_app
from tests.factories import wave_with_invitations
from tests.resilience.server import Gunicorn, free_port
from tests.respond.conftest import counts
from tests.support.tls_front import TlsFront

from .test_respondent_journey import complete_survey

pytestmark = pytest.mark.browser
EMAIL = "hr@example.org"
SECRETS = {
    "SECRET_KEY": secrets.token_urlsafe(32),
    "TOKEN_PEPPER": secrets.token_urlsafe(32),
    "ANSWER_KEYS": new_key(),
}


def app_secrets() -> dict[str, object]:
    return {**SECRETS, "ANSWER_KEYS": (SECRETS["ANSWER_KEYS"],)}


class Deployment:
    def __init__(self, url: str, code: str, database_url: str, tmp_path: Path) -> None:
        self.url, self.code = url, code
        self.database_url, self.tmp_path = database_url, tmp_path


@pytest.fixture
def deployment(database_url: str, tmp_path: Path) -> Iterator[Deployment]:
    seeding = make_app(database_url, tmp_path / "seeding", **app_secrets())
    add_account(seeding, EMAIL, Role.ADMIN)
    _wave, tokens = wave_with_invitations(seeding)
    get_engine(seeding).dispose()
    https_port = free_port()
    app = Gunicorn(
        database_url,
        workers=2,
        ENV="production",
        PROXY_HOPS="1",
        PUBLIC_URL=f"https://127.0.0.1:{https_port}",
        RATELIMIT_ENABLED="true",
        **SECRETS,
    )
    front = TlsFront(tmp_path, https_port, free_port(), app.port)
    with app, front:
        yield Deployment(front.url, format_code(tokens[0]), database_url, tmp_path)


@pytest.fixture
def secure_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def form_posts(page: Page) -> list[Request]:
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    return posts


def test_staff_sign_in_and_a_respondent_answers_over_https(
    deployment: Deployment, secure_page: Page, browser: Browser
) -> None:
    staff = secure_page
    staff_posts = form_posts(staff)
    staff.goto(f"{deployment.url}/sign-in")
    staff.get_by_label("Email address").fill(EMAIL)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("navigation", name="Your account")).to_contain_text(EMAIL)
    assert staff.url.startswith(f"{deployment.url}/"), "signed in, still on the HTTPS site"
    cookies = {cookie["name"]: cookie for cookie in staff.context.cookies()}
    assert cookies["session"]["secure"], "production session cookies are Secure"

    sign_in = staff_posts[0].all_headers()
    assert sign_in["origin"] == deployment.url and "referer" in sign_in
    assert sign_in.get("sec-fetch-site") == "same-origin"

    context = browser.new_context(ignore_https_errors=True)
    respondent = context.new_page()
    respondent_posts = form_posts(respondent)
    pages: list[Response] = []
    respondent.on(
        "response",
        lambda r: (
            pages.append(r)
            if "text/html" in r.headers.get("content-type", "") and r.status != 303
            else None
        ),
    )
    response = respondent.goto(f"{deployment.url}/code")
    assert response is not None and response.headers["referrer-policy"] == "same-origin"
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    respondent.get_by_label("Enter your survey code").fill(deployment.code)
    respondent.get_by_role("button", name="Continue").click()
    complete_survey(respondent, None)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    assert len(respondent_posts) >= 5
    assert all(post.url.startswith(deployment.url) for post in respondent_posts)
    # Through the proxy as documented (which turns off the gzip Debian turns on), every page
    # of the journey arrives uncompressed and at one size.
    assert len(pages) >= 6
    assert all("content-encoding" not in page.headers for page in pages), [
        page.headers for page in pages
    ]
    assert len({page.headers["content-length"] for page in pages}) == 1
    context.close()

    store = make_app(deployment.database_url, deployment.tmp_path / "reader", **app_secrets())
    assert counts(store)[0] == 1
    get_engine(store).dispose()
