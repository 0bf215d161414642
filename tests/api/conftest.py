from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.api_tokens import create_api_token
from tests.conftest import add_staff


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def ids(demo: dict[str, int]) -> dict[str, int]:
    return demo


@pytest.fixture
def token_for(app: Flask) -> Callable[..., dict[str, str]]:
    """Authorization headers for a new user with a role and scope."""

    def make(role: Role = Role.ANALYST, scope: str = "northbridge") -> dict[str, str]:
        with app.app_context(), session_scope(app) as session:
            user = add_staff(session, role, scope, f"api-{role}-{scope}@example.test")
            token = create_api_token(
                session, app.config["TOKEN_PEPPER"], user, "tests", dt.date.today()
            )
        return {"Authorization": f"Bearer {token}"}

    return make
