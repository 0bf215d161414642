"""A staff member's own API tokens on their account: shown once, stored hashed, working on the
read API until revoked; every role has them; audited by label, never by token."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.tokens import token_hash
from surveyapp.models import ApiToken, AuditEntry
from tests.accounts.support import quick_password_hashing
from tests.factories import open_test_wave
from tests.support.leaks import assert_kept_nowhere

__all__ = ["quick_password_hashing"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN = re.compile(r'<p class="token">(sv_[^<]+)</p>')
PAGE = "/account/api-tokens/"


def csrf(client: FlaskClient) -> str:
    found = CSRF.search(client.get(PAGE).get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.mark.parametrize("role", list(Role))
def test_a_token_is_shown_once_works_and_stops_when_revoked(
    app: Flask,
    client: FlaskClient,
    sign_in,
    role: Role,  # type: ignore[no-untyped-def]
) -> None:
    with app.app_context(), session_scope(app) as session:
        open_test_wave(session, app)
    user = sign_in(role, "org")
    created = client.post(PAGE, data={"csrf_token": csrf(client), "label": "board spreadsheet"})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    token = TOKEN.search(created.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    assert "it is not shown again" in created.get_data(as_text=True)
    with session_scope(app) as session:
        stored = session.scalars(select(ApiToken.token_hash).where(ApiToken.user_id == user.id))
        assert list(stored) == [token_hash(app.config["TOKEN_PEPPER"], token)]
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/waves", headers=headers).status_code == 200
    listing = client.get(PAGE).get_data(as_text=True)
    assert "board spreadsheet" in listing and token not in listing

    revoked = client.post(
        f"{PAGE}revoke", data={"csrf_token": csrf(client), "label": "board spreadsheet"}
    )
    assert revoked.status_code == 303
    assert "is revoked" in client.get(PAGE).get_data(as_text=True)
    assert api.get("/api/v1/waves", headers=headers).status_code == 401
    with session_scope(app) as session:
        actions = [
            (e.actor, e.action, e.detail)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
            if e.action.startswith("api_token")
        ]
    assert actions == [
        (user.email, "api_token.created", "API token 'board spreadsheet' created"),
        (user.email, "api_token.revoked", "API token 'board spreadsheet' revoked"),
    ]
    assert_kept_nowhere(app, [token])


def test_a_label_is_needed_and_unique(app: Flask, client: FlaskClient, sign_in) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), session_scope(app) as session:
        open_test_wave(session, app)
    sign_in(Role.ANALYST, "org")
    empty = client.post(PAGE, data={"csrf_token": csrf(client), "label": "  "})
    assert empty.status_code == 400 and "Enter a name for the token" in empty.get_data(as_text=True)
    client.post(PAGE, data={"csrf_token": csrf(client), "label": "reports"})
    again = client.post(PAGE, data={"csrf_token": csrf(client), "label": "reports"})
    assert again.status_code == 400
    assert "already has a token labelled" in again.get_data(as_text=True)
    assert 'value="reports"' in again.get_data(as_text=True)
