"""Helpers for tests that need staff accounts: create them, sign in through the real form."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.services import passwords
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.users import add_user
from tests.factories import SMALL_COUNCIL

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_account(
    app: Flask,
    email: str,
    role: Role,
    scope: str = "org",
    *,
    max_depth: int | None = None,
    comments: bool | None = None,
) -> int:
    """An account scoped to unit ``scope`` (the small test council is imported if missing)."""
    with app.app_context(), session_scope(app) as session:
        if unit_by_key(session, "org") is None:
            import_units_csv(session, SMALL_COUNCIL)
        unit = unit_by_key(session, scope)
        assert unit is not None, scope
        return add_user(
            session,
            email,
            role,
            unit,
            password=PASSWORD,
            viewer_max_depth=max_depth,
            can_see_comments=comments,
        ).user.id


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(
    client: FlaskClient, email: str, password: str = PASSWORD, next_page: str | None = None
) -> TestResponse:
    form = {"csrf_token": csrf_token(client), "email": email, "password": password}
    if next_page is not None:
        form["next"] = next_page
    return client.post("/sign-in", data=form)


def post_with_csrf(client: FlaskClient, path: str, token_page: str = "/account") -> TestResponse:
    return client.post(path, data={"csrf_token": csrf_token(client, token_page)})


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at 1/32 of the production cost, so the many sign-ins here stay fast; a hash
    carries its parameters, so verifying runs the same code. tests/accounts/test_passwords.py
    overrides this fixture to test the production cost."""
    monkeypatch.setattr(passwords, "METHOD", "scrypt:1024:8:1")
