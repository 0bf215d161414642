"""Form posts over HTTPS: a same-origin post with no Referer works; a cross-site one is refused
even with a valid CSRF token; referrers never leave the site and invitation pages send none."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import get_engine
from surveyapp.domain.roles import Role
from surveyapp.domain.tokens import format_code
from surveyapp.same_origin import origin_of
from tests.conftest import make_app
from tests.factories import wave_with_invitations, wave_with_team_link
from tests.respond.conftest import csrf_of

SITE = "https://survey.example"
# What a TLS proxy in front (SURVEYAPP_PROXY_HOPS=1) tells the app about the browser's request.
FORWARDED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "survey.example",
    "X-Forwarded-For": "203.0.113.9",
}
FRIENDLY = "Your answers were not sent"


@pytest.fixture
def proxied(sqlite_url: str, tmp_path: Path) -> Flask:
    app = make_app(sqlite_url, tmp_path, PROXY_HOPS=1, PUBLIC_URL="https://staff-voice.example")
    yield app
    get_engine(app).dispose()


def post_code(client: FlaskClient, code: str, **headers: str):  # type: ignore[no-untyped-def]
    """Type a code at /code through the proxy, as a browser would, with extra request headers."""
    token = csrf_of(client.get("/code", headers=FORWARDED).get_data(as_text=True))
    return client.post(
        "/code", data={"csrf_token": token, "code": code}, headers={**FORWARDED, **headers}
    )


@pytest.mark.parametrize(
    "headers",
    [
        # What Chromium sends on a same-origin form post under Referrer-Policy: same-origin.
        {"Origin": SITE, "Sec-Fetch-Site": "same-origin", "Referer": f"{SITE}/code"},
        # ... under no-referrer: no Referer, and Origin: null.
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "https://SURVEY.example:443"},
        {"Origin": "https://staff-voice.example"},  # SURVEYAPP_PUBLIC_URL
        {},  # an old browser or a script: the CSRF token alone decides
    ],
)
def test_a_same_origin_post_over_https_goes_through(proxied: Flask, headers: dict) -> None:
    _wave, tokens = wave_with_invitations(proxied)
    response = post_code(proxied.test_client(), format_code(tokens[0]), **headers)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/survey"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "null"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://survey.example"},  # the same host over plain HTTP
        {"Origin": "https://survey.example:8443"},
        {"Origin": "https://survey.example.evil.example"},
        {"Origin": "not a url"},
        {"Referer": "https://evil.example/survey.example/code"},
        {"Origin": SITE, "Referer": "https://evil.example/"},
    ],
)
def test_a_cross_site_post_is_refused_even_with_a_valid_csrf_token(
    proxied: Flask, headers: dict
) -> None:
    _wave, tokens = wave_with_invitations(proxied)
    client = proxied.test_client()
    response = post_code(client, format_code(tokens[0]), **headers)
    assert response.status_code == 400
    assert FRIENDLY in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "entry" not in session, "a refused post must not have entered the survey"


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://evil.example"}]
)
def test_over_plain_http_too_a_cross_site_post_is_refused(app: Flask, headers: dict) -> None:
    """Flask-WTF checks referrers only on HTTPS; the same-origin check holds on both."""
    _wave, tokens = wave_with_invitations(app)
    client = app.test_client()
    token = csrf_of(client.get("/code").get_data(as_text=True))
    response = client.post(
        "/code", data={"csrf_token": token, "code": format_code(tokens[0])}, headers=headers
    )
    assert response.status_code == 400
    assert FRIENDLY in response.get_data(as_text=True)
    same_origin = client.post(
        "/code",
        data={"csrf_token": token, "code": format_code(tokens[0])},
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    )
    assert same_origin.status_code == 303


def test_the_csrf_token_is_still_required(proxied: Flask) -> None:
    client = proxied.test_client()
    same_origin = {"Origin": SITE, "Sec-Fetch-Site": "same-origin", **FORWARDED}
    response = client.post("/code", data={"code": "ABCD"}, headers=same_origin)
    assert response.status_code == 400
    assert FRIENDLY in response.get_data(as_text=True)


def test_sign_in_over_https_needs_no_referer(proxied: Flask) -> None:
    from tests.accounts.support import PASSWORD, add_account

    add_account(proxied, "analyst@example.org", Role.ANALYST)
    client = proxied.test_client()
    token = csrf_of(client.get("/sign-in", headers=FORWARDED).get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": "analyst@example.org", "password": PASSWORD},
        headers={**FORWARDED, "Origin": SITE, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_referrers_stay_on_the_site_and_token_pages_send_none(app: Flask) -> None:
    _wave, tokens = wave_with_invitations(app)
    _wave, link = wave_with_team_link(app)
    client = app.test_client()
    for path in ("/", "/code", "/sign-in", "/privacy"):
        assert client.get(path).headers["Referrer-Policy"] == "same-origin", path
    for path in (f"/i/{tokens[0]}", "/i/UNKNOWNTOKENUNKNOWNTOKEN12", f"/t/{link}", "/t/nope"):
        assert client.get(path).headers["Referrer-Policy"] == "no-referrer", path


def test_origins_compare_scheme_host_and_port() -> None:
    assert origin_of("https://Survey.Example/") == ("https", "survey.example", 443)
    assert origin_of("http://127.0.0.1:5000/x?y") == ("http", "127.0.0.1", 5000)
    assert origin_of("null") is None
    assert origin_of("https://host:99999") is None
    assert origin_of("ftp://host") is None
