from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.api_tokens import create_api_token
from tests.conftest import add_staff, app_on_copy


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def ids(demo: dict[str, int]) -> dict[str, int]:
    return demo


def bearer(
    app: Flask, role: Role = Role.ANALYST, scope: str = "northbridge", **fields: object
) -> dict[str, str]:
    """Authorization headers for a new account with a role and scope."""
    with app.app_context(), session_scope(app) as session:
        email = f"api-{role}-{scope}-{secrets.token_hex(4)}@example.test"
        user = add_staff(session, role, scope, email, **fields)
        token = create_api_token(session, app.config["TOKEN_PEPPER"], user, "t", dt.date.today())
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def token_for(app: Flask) -> Callable[..., dict[str, str]]:
    """Authorization headers for a new user with a role and scope."""

    def make(role: Role = Role.ANALYST, scope: str = "northbridge") -> dict[str, str]:
        return bearer(app, role, scope)

    return make


@pytest.fixture(scope="module")
def demo_sqlite(
    sqlite_demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One demo council on SQLite for a module of slower tests that only read it."""
    app = app_on_copy(sqlite_demo_template, tmp_path_factory.mktemp("api-demo"))
    yield app
    get_engine(app).dispose()


FIGURES: list[str] = []
"""Lines for the end of the run (schemathesis' figures), written by the terminal summary."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in FIGURES:
        terminalreporter.write_line(line)
