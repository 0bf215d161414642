"""Bearer tokens sign in to the read API only, as their user, while active and unrevoked."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import ApiToken
from surveyapp.services.api_tokens import create_api_token, revoke_labelled, user_for_token
from surveyapp.services.users import existing_user

from .support import add_account, post_with_csrf, sign_in

PROBE = "/api/v1/_probe"
ADMIN_PROBE = "/api/v1/_admin-probe"


def _whoami() -> ResponseReturnValue:
    user = signed_in_user()
    return jsonify(email=user.email, role=user.role.value)


def with_probes(app: Flask) -> Flask:
    """The app with two API endpoints of its own, so these tests do not depend on the views
    the API offers: one for every role, one for admins only."""
    app.add_url_rule(PROBE, endpoint="api._probe", view_func=require(*Role)(_whoami))
    app.add_url_rule(
        ADMIN_PROBE, endpoint="api._admin_probe", view_func=require(Role.ADMIN)(_whoami)
    )
    return app


@pytest.fixture
def api_app(app: Flask) -> Flask:
    return with_probes(app)


@pytest.fixture
def sqlite_api_app(sqlite_app: Flask) -> Flask:
    return with_probes(sqlite_app)


def new_token(app: Flask, email: str, label: str = "api") -> str:
    with app.app_context(), session_scope(app) as session:
        user = existing_user(session, email)
        return create_api_token(session, app.config["TOKEN_PEPPER"], user, label, dt.date.today())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_signs_in_to_the_api_without_any_cookie(api_app: Flask) -> None:
    add_account(api_app, "analyst@example.org", Role.ANALYST)
    token = new_token(api_app, "analyst@example.org")
    client = api_app.test_client()
    response = client.get(PROBE, headers=bearer(token))
    assert response.status_code == 200
    assert response.json == {"email": "analyst@example.org", "role": "analyst"}
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session") is None
    assert client.get(PROBE, headers={"Authorization": f"bearer  {token} "}).status_code == 200


def test_a_token_carries_its_users_role(api_app: Flask) -> None:
    add_account(api_app, "viewer@example.org", Role.VIEWER)
    add_account(api_app, "admin@example.org", Role.ADMIN)
    client = api_app.test_client()
    viewer = client.get(ADMIN_PROBE, headers=bearer(new_token(api_app, "viewer@example.org")))
    assert viewer.status_code == 403 and viewer.json and "error" in viewer.json
    admin = client.get(ADMIN_PROBE, headers=bearer(new_token(api_app, "admin@example.org")))
    assert admin.status_code == 200


def test_tokens_do_not_work_outside_the_api(api_app: Flask) -> None:
    add_account(api_app, "admin@example.org", Role.ADMIN)
    token = new_token(api_app, "admin@example.org")
    client = api_app.test_client()
    for path in ("/account", "/admin/"):
        response = client.get(path, headers=bearer(token))
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize(
    ("header", "is_refused_token"),
    [
        (None, False),
        ("Bearer", False),
        ("Bearer ", False),
        ("Bearer sv_not-a-real-token", True),
        ("Bearer not-even-the-format", True),
        ("Basic YWRtaW46cGFzc3dvcmQ=", False),
        ("Bearer " + "sv_" + "x" * 500, True),
    ],
)
def test_missing_or_wrong_tokens_get_a_json_401(
    sqlite_api_app: Flask, header: str | None, is_refused_token: bool
) -> None:
    """With the RFC 6750 challenge: ``invalid_token`` only where a bearer token was sent."""
    headers = {"Authorization": header} if header is not None else {}
    response = sqlite_api_app.test_client().get(PROBE, headers=headers)
    assert response.status_code == 401
    assert response.is_json and set(response.json or {}) == {"error"}
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ") and ('error="invalid_token"' in challenge) is (
        is_refused_token
    )
    if not is_refused_token:
        assert response.json == {"error": "authentication required"}


def test_revoked_tokens_and_deactivated_users_are_refused(api_app: Flask) -> None:
    add_account(api_app, "analyst@example.org", Role.ANALYST)
    kept = new_token(api_app, "analyst@example.org", "kept")
    revoked = new_token(api_app, "analyst@example.org", "revoked")
    with api_app.app_context(), session_scope(api_app) as session:
        revoke_labelled(session, existing_user(session, "analyst@example.org"), "revoked")
    client = api_app.test_client()
    assert client.get(PROBE, headers=bearer(revoked)).status_code == 401
    assert client.get(PROBE, headers=bearer(kept)).status_code == 200
    api_app.test_cli_runner().invoke(args=["users", "deactivate", "--email", "analyst@example.org"])
    assert client.get(PROBE, headers=bearer(kept)).status_code == 401


def test_a_presented_token_decides_even_with_a_session_cookie(api_app: Flask) -> None:
    add_account(api_app, "admin@example.org", Role.ADMIN)
    add_account(api_app, "viewer@example.org", Role.VIEWER)
    client = api_app.test_client()
    sign_in(client, "admin@example.org")
    assert client.get(ADMIN_PROBE).status_code == 200  # the session alone works for the API
    viewer_token = new_token(api_app, "viewer@example.org")
    response = client.get(PROBE, headers=bearer(viewer_token))
    assert response.json == {"email": "viewer@example.org", "role": "viewer"}
    assert client.get(ADMIN_PROBE, headers=bearer("sv_wrong")).status_code == 401


def test_only_a_keyed_hash_of_the_token_is_stored(api_app: Flask) -> None:
    add_account(api_app, "analyst@example.org", Role.ANALYST)
    token = new_token(api_app, "analyst@example.org")
    with api_app.app_context(), session_scope(api_app) as session:
        rows = session.execute(select(ApiToken.token_hash, ApiToken.label)).all()
        assert len(rows) == 1
        assert all(token not in str(value) and token[3:] not in str(value) for value in rows[0])
        pepper = api_app.config["TOKEN_PEPPER"]
        user = user_for_token(session, pepper, token)
        assert user is not None and user.email == "analyst@example.org"
        assert user_for_token(session, "another deployment's pepper", token) is None


def test_signing_out_everywhere_ends_the_users_tokens(api_app: Flask) -> None:
    add_account(api_app, "analyst@example.org", Role.ANALYST)
    add_account(api_app, "other@example.org", Role.ANALYST)
    token = new_token(api_app, "analyst@example.org")
    others = new_token(api_app, "other@example.org")
    client = api_app.test_client()
    assert client.get(PROBE, headers=bearer(token)).status_code == 200
    browser = api_app.test_client()
    sign_in(browser, "analyst@example.org")
    assert post_with_csrf(browser, "/sign-out-everywhere").status_code == 303
    assert client.get(PROBE, headers=bearer(token)).status_code == 401
    assert client.get(PROBE, headers=bearer(others)).status_code == 200


@pytest.mark.parametrize(
    "commands",
    [
        [["users", "sign-out-everywhere"]],
        [["users", "set-password"]],
        [["users", "deactivate"], ["users", "activate"]],
    ],
    ids=["sign-out-everywhere", "set-password", "deactivate-then-reactivate"],
)
def test_a_token_does_not_outlive_a_sign_out_a_new_password_or_a_deactivation(
    api_app: Flask, commands: list[list[str]]
) -> None:
    add_account(api_app, "analyst@example.org", Role.ANALYST)
    token = new_token(api_app, "analyst@example.org")
    client = api_app.test_client()
    assert client.get(PROBE, headers=bearer(token)).status_code == 200
    runner = api_app.test_cli_runner()
    for command in commands:
        result = runner.invoke(args=[*command, "--email", "analyst@example.org"])
        assert result.exit_code == 0, result.output
    assert client.get(PROBE, headers=bearer(token)).status_code == 401
    with api_app.app_context(), session_scope(api_app) as session:
        assert session.scalars(select(ApiToken)).all() == []
