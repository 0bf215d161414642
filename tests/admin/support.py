"""A council with two services and an open wave with responses, and an admin driving the
admin pages, for the admin page tests."""

from __future__ import annotations

import datetime as dt
import io
import re

from flask import Flask
from werkzeug.test import TestResponse

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.submission import check_submission
from surveyapp.runtime import runtime
from surveyapp.services.responses import record_responses
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.users import add_user
from surveyapp.services.waves import create_wave, open_wave
from tests.support.staff import sign_in_directly

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

COUNCIL = """key,name,parent_key,headcount
org,Test Council,,2
svc,Family Help,org,1
team-a,Team A,svc,8
team-b,Team B,svc,6
care,Children in Care,org,0
team-c,Team C,care,5
"""
# responses per unit: team-b has a team link that went further than the team
RESPONSES = {"org": 1, "svc": 0, "team-a": 6, "team-b": 9, "care": 0, "team-c": 2}


def open_wave_with_responses(app: Flask, name: str = "Pulse: spring") -> int:
    with app.app_context(), session_scope(app) as session:
        if unit_by_key(session, "org") is None:
            import_units_csv(session, COUNCIL)
        bank = runtime(app).banks["social-work-pulse"]
        root = unit_by_key(session, "org")
        assert root is not None
        wave = create_wave(session, bank, root, name, dt.date(2026, 5, 1))
        open_wave(session, wave, 5, 10, dt.date(2026, 4, 13))
        empty = check_submission(bank, {})
        batch = [
            (unit.id, empty)
            for key, count in RESPONSES.items()
            if (unit := unit_by_key(session, key)) is not None
            for _ in range(count)
        ]
        record_responses(session, wave.id, bank, batch, runtime(app).answer_cipher)
        return wave.id


class Admin:
    """A signed-in admin driving the admin pages through the test client, forms with CSRF."""

    def __init__(self, app: Flask, scope: str = "org", email: str = "") -> None:
        with app.app_context(), session_scope(app) as session:
            if unit_by_key(session, "org") is None:
                import_units_csv(session, COUNCIL)
            unit = unit_by_key(session, scope)
            assert unit is not None, scope
            user = add_user(session, email or f"admin-{scope}@example.org", Role.ADMIN, unit).user
            self.user_id = user.id
        self.app = app
        self.client = app.test_client()
        sign_in_directly(app, self.client, self.user_id)

    def get(self, path: str) -> TestResponse:
        return self.client.get(path)

    def page(self, path: str) -> str:
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)

    def csrf(self) -> str:
        match = CSRF.search(self.page("/admin/"))
        assert match
        return match.group(1)

    def post(self, path: str, data: dict[str, object] | None = None) -> TestResponse:
        return self.client.post(path, data={"csrf_token": self.csrf(), **(data or {})})

    def upload(self, path: str, content: bytes, filename: str = "units.csv") -> TestResponse:
        data = {"csrf_token": self.csrf(), "file": (io.BytesIO(content), filename)}
        return self.client.post(path, data=data, content_type="multipart/form-data")
