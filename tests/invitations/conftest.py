"""An admin signed in on an app whose mail goes to a local SMTP server, with an open wave."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.units import unit_by_key
from tests.accounts.support import quick_password_hashing
from tests.conftest import add_staff, make_app
from tests.factories import open_test_wave
from tests.support.smtp import MailCatcher
from tests.support.staff import sign_in_directly

__all__ = ["quick_password_hashing"]
CSRF = re.compile(r'name="csrf_token"[^>]* value="([^"]+)"')


@dataclass(frozen=True)
class Desk:
    """What a test of the invitation pages works with."""

    app: Flask
    client: FlaskClient
    mail: MailCatcher
    wave_id: int
    unit_ids: dict[str, int]
    admin_email: str

    def unit_url(self, key: str, tail: str = "") -> str:
        return f"/admin/waves/{self.wave_id}/invitations/units/{self.unit_ids[key]}{tail}"

    def csrf(self, url: str) -> str:
        found = CSRF.search(self.client.get(url).get_data(as_text=True))
        assert found, f"no CSRF token on {url}"
        return found.group(1)

    def post(self, url: str, data: dict[str, object], page: str | None = None):  # type: ignore[no-untyped-def]
        token = self.csrf(page or url.rsplit("/", 1)[0])
        return self.client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def app(database_url: str, tmp_path: Path, mail_server: MailCatcher) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path, SMTP_URL=mail_server.url, SMTP_TIMEOUT_SECONDS=2)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def desk(app: Flask, mail_server: MailCatcher) -> Desk:
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        units = {
            key: unit.id
            for key in ("org", "svc", "team-a", "team-b")
            if (unit := unit_by_key(session, key))
        }
        admin = add_staff(session, Role.ADMIN, "org", "admin@example.org")
        wave_id, admin_id = wave.id, admin.id
    client = app.test_client()
    sign_in_directly(app, client, admin_id)
    return Desk(app, client, mail_server, wave_id, units, "admin@example.org")
