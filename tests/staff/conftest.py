"""An admin scoped to the whole test council, signed in on an app whose mail goes to a local
SMTP server; the app's clock can be moved (``app.extensions[CLOCK]``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.accounts.signed_in import CLOCK
from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.units import import_units_csv
from tests.accounts.support import quick_password_hashing
from tests.conftest import add_staff, make_app
from tests.factories import SMALL_COUNCIL
from tests.support.smtp import MailCatcher
from tests.support.staff import sign_in_directly

__all__ = ["quick_password_hashing"]
CSRF = re.compile(r'name="csrf_token"[^>]* value="([^"]+)"')


@dataclass
class Clock:
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True)
class Office:
    app: Flask
    client: FlaskClient
    mail: MailCatcher
    clock: Clock
    admin_id: int

    def post(self, url: str, data: dict[str, object] | None = None, page: str = "/admin/staff/"):  # type: ignore[no-untyped-def]
        return post(self.client, url, data or {}, page)


def csrf(client: FlaskClient, page: str) -> str:
    found = CSRF.search(client.get(page).get_data(as_text=True))
    assert found, f"no CSRF token on {page}"
    return found.group(1)


def post(client: FlaskClient, url: str, data: dict[str, object], page: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf(client, page), **data})


@pytest.fixture
def app(database_url: str, tmp_path: Path, mail_server: MailCatcher) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path, SMTP_URL=mail_server.url, SMTP_TIMEOUT_SECONDS=2)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def office(app: Flask, mail_server: MailCatcher) -> Office:
    clock = Clock()
    app.extensions[CLOCK] = clock
    with app.app_context(), session_scope(app) as session:
        import_units_csv(session, SMALL_COUNCIL)
        admin_id = add_staff(session, Role.ADMIN, "org", "admin@example.org").id
    client = app.test_client()
    sign_in_directly(app, client, admin_id)
    return Office(app, client, mail_server, clock, admin_id)
