"""Sign a test client in without the form: a live staff session record named in its cookie,
as the sign-in form leaves it, without the cost of checking a password."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.accounts.signed_in import SESSION_KEY
from surveyapp.database import session_scope
from surveyapp.models import User
from surveyapp.services import staff_sessions


def sign_in_directly(app: Flask, client: FlaskClient, user_id: int) -> None:
    with app.app_context(), session_scope(app) as session:
        user = session.get(User, user_id)
        assert user is not None
        session_id = staff_sessions.start(
            session, app.config["TOKEN_PEPPER"], user, dt.datetime.now(dt.UTC)
        )
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(user_id)
        cookie["_fresh"] = True
        cookie[SESSION_KEY] = session_id
