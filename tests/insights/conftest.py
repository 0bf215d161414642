from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import Role, User, Wave
from surveyapp.services.units import unit_by_key


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    """Insights tests all run against (a fresh copy of) the demo council."""
    return demo_app


@pytest.fixture
def demo(app: Flask) -> dict[str, int]:
    """Ids of the last and first waves and a few units of the demo council."""
    with app.app_context(), session_scope(app) as session:
        ids = {key: unit.id for key in ("northbridge", "safeguarding", "children-in-care",
                                       "safeguarding-01")
               if (unit := unit_by_key(session, key)) is not None}
        waves = list(session.scalars(select(Wave).order_by(Wave.id)))
        ids["wave"], ids["first_wave"] = waves[-1].id, waves[0].id
        return ids


@pytest.fixture
def sign_in(app: Flask, client: FlaskClient) -> Callable[..., User]:
    """Sign the test client in as a new user with a role and scope (by unit key)."""

    def sign_in_as(role: Role, scope: str = "northbridge", client: FlaskClient = client,
                   **fields: object) -> User:
        with app.app_context(), session_scope(app) as session:
            unit = unit_by_key(session, scope)
            assert unit is not None
            user = User(email=f"{role}-{scope}-{len(fields)}@example.test", password_hash="x",
                        role=role, scope_unit_id=unit.id,
                        can_see_comments=role is not Role.VIEWER, **fields)
            session.add(user)
            session.flush()
            user_id = user.get_id()
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = user_id
            flask_session["_fresh"] = True
        return user

    return sign_in_as
