"""Signing in and out through the real form, CSRF included."""

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import get_engine
from surveyapp.domain.roles import Role
from tests.conftest import make_app

from .support import PASSWORD, add_account, csrf_token, post_with_csrf, sign_in


def test_sign_in_page_is_a_form_with_csrf(client: FlaskClient) -> None:
    response = client.get("/sign-in")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert 'autocomplete="current-password"' in page and 'type="password"' in page
    assert "remember" not in page.lower()
    assert response.headers["Cache-Control"] == "no-store"


def test_sign_in_then_sign_out(app: Flask, client: FlaskClient) -> None:
    add_account(app, "analyst@example.org", Role.ANALYST)
    response = sign_in(client, "Analyst@Example.org ", next_page="/account")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "analyst@example.org" in page and "Analyst" in page
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"

    response = post_with_csrf(client, "/sign-out")
    assert response.status_code == 303
    assert response.headers["Location"] == "/signed-out"
    assert client.get("/account").status_code == 302


def test_without_next_sign_in_lands_on_insights(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "viewer@example.org", Role.VIEWER)
    response = sign_in(sqlite_app.test_client(), "viewer@example.org")
    assert response.headers["Location"] == "/insights/"


def test_next_pointing_to_another_site_is_ignored(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "admin@example.org", Role.ADMIN)
    client = sqlite_app.test_client()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = sign_in(client, "admin@example.org", next_page=target)
        assert response.status_code == 303
        assert response.headers["Location"] == "/insights/", target
    page = client.get("/sign-in?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in page


def test_a_protected_page_sends_you_to_sign_in_and_back(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "admin@example.org", Role.ADMIN)
    client = sqlite_app.test_client()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/admin/"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/admin/"' in page
    response = sign_in(client, "admin@example.org", next_page="/admin/")
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_message(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "analyst@example.org", Role.ANALYST)
    client = sqlite_app.test_client()
    wrong_password = sign_in(client, "analyst@example.org", "not the password at all")
    unknown_email = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong_password.status_code == unknown_email.status_code == 400
    for response in (wrong_password, unknown_email):
        page = response.get_data(as_text=True)
        assert "There is a problem" in page
        assert "Your email address or password is wrong" in page
        assert "<title>Error: Sign in" in page
    assert client.get("/account").status_code == 302


def test_empty_fields_are_named_in_the_error_summary(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    response = client.post("/sign-in", data={"csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#email">Enter your email address</a>' in page
    assert '<a href="#password">Enter your password</a>' in page
    assert 'aria-describedby="password-error"' in page


def test_sign_in_without_csrf_token_is_refused(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "analyst@example.org", Role.ANALYST)
    client = sqlite_app.test_client()
    response = client.post("/sign-in", data={"email": "analyst@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_inactive_user_cannot_sign_in(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "gone@example.org", Role.ANALYST)
    runner = sqlite_app.test_cli_runner()
    assert runner.invoke(args=["users", "deactivate", "--email", "gone@example.org"]).exit_code == 0
    response = sign_in(sqlite_app.test_client(), "gone@example.org")
    assert response.status_code == 400
    assert "Your email address or password is wrong" in response.get_data(as_text=True)


def test_deactivating_ends_an_open_session(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "gone@example.org", Role.ANALYST)
    client = sqlite_app.test_client()
    sign_in(client, "gone@example.org")
    assert client.get("/account").status_code == 200
    sqlite_app.test_cli_runner().invoke(args=["users", "deactivate", "--email", "gone@example.org"])
    assert client.get("/account").status_code == 302


def test_sign_out_everywhere_ends_sessions_in_other_browsers(app: Flask) -> None:
    add_account(app, "analyst@example.org", Role.ANALYST)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "analyst@example.org")
    sign_in(phone, "analyst@example.org")
    assert phone.get("/account").status_code == 200

    response = post_with_csrf(laptop, "/sign-out-everywhere")
    assert response.status_code == 303
    assert response.headers["Location"] == "/signed-out?everywhere=1"
    assert "every device" in laptop.get("/signed-out?everywhere=1").get_data(as_text=True)
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302

    sign_in(phone, "analyst@example.org")
    assert phone.get("/account").status_code == 200


def test_a_copied_cookie_stops_working_when_signed_out_everywhere(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "analyst@example.org", Role.ANALYST)
    client = sqlite_app.test_client()
    sign_in(client, "analyst@example.org")
    stolen = client.get_cookie("session")
    assert stolen is not None
    thief = sqlite_app.test_client()
    thief.set_cookie("session", stolen.value)
    assert thief.get("/account").status_code == 200
    sqlite_app.test_cli_runner().invoke(
        args=["users", "sign-out-everywhere", "--email", "analyst@example.org"]
    )
    assert thief.get("/account").status_code == 302
    assert client.get("/account").status_code == 302


def test_sign_in_is_rate_limited_per_client(sqlite_url: str, tmp_path: Path) -> None:
    app = make_app(sqlite_url, tmp_path, RATELIMIT_ENABLED=True)
    try:
        add_account(app, "analyst@example.org", Role.ANALYST)
        client = app.test_client()
        token = csrf_token(client)
        wrong = {"csrf_token": token, "email": "analyst@example.org", "password": "guess" * 3}
        for _ in range(10):
            assert client.post("/sign-in", data=wrong).status_code == 400
        right = {**wrong, "password": PASSWORD}
        response = client.post("/sign-in", data=right)
        assert response.status_code == 429
        page = response.get_data(as_text=True)
        assert "Too many attempts to sign in" in page and "There is a problem" in page
        assert client.get("/account").status_code == 302
        assert client.get("/sign-in").status_code == 200  # reading the form is not limited
    finally:
        get_engine(app).dispose()


def test_forbidden_page_for_a_role_that_may_not_enter(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "viewer@example.org", Role.VIEWER)
    client = sqlite_app.test_client()
    sign_in(client, "viewer@example.org")
    response = client.get("/admin/")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You cannot see this page" in page and "viewer@example.org" in page


def test_signed_in_nav_shows_email_role_and_a_sign_out_form(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "admin@example.org", Role.ADMIN)
    client = sqlite_app.test_client()
    sign_in(client, "admin@example.org")
    page = client.get("/account").get_data(as_text=True)
    assert '<nav class="account-nav" aria-label="Your account">' in page
    assert "admin@example.org" in page and ">Admin<" in page
    assert 'action="/sign-out"' in page and 'method="post"' in page
    assert 'href="/admin/"' in page


def test_forbidden_page_for_someone_not_signed_in(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    response = client.post("/survey", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'href="/code"' in page and "Your account" not in page
