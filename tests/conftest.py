"""Fixtures that compose: database_url -> app -> client / runner / session.

``database_url`` runs a test on both databases: a copy of a migrated SQLite file, and a fresh
database cloned from a migrated template on the throwaway PostgreSQL cluster of this run.
In CI a missing PostgreSQL fails the run; elsewhere it skips those tests with a visible message.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from surveyapp import create_app
from surveyapp.database import get_engine, migrate, session_scope
from surveyapp.domain.roles import COMMENTS_IF_GRANTED, Role
from surveyapp.models import User
from surveyapp.runtime import runtime
from surveyapp.services.units import unit_by_key
from tests.support.postgres import Cluster, PostgresUnavailable
from tests.support.smtp import MailCatcher, mail_catcher
from tests.support.staff import sign_in_directly

TEST_SETTINGS = {
    "SECRET_KEY": "test-secret-key",
    "TOKEN_PEPPER": "test-token-pepper",
    "ANSWER_KEYS": ("poQe3h_2Ck8JmoBok0lZ246tG6Jrpiex2fVdNVRySUY=",),
}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings in the developer's shell must not change what the tests see."""
    for name in list(os.environ):
        if name.startswith("SURVEYAPP_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        cluster = Cluster()
        cluster.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and could not start: {exc}")
        pytest.skip(f"PostgreSQL is not available here, its tests are skipped: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: Cluster) -> str:
    url = postgres_cluster.create_database()
    migrate.upgrade(url)
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "surveyapp.sqlite3"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def postgres_url(postgres_cluster: Cluster, postgres_template: str) -> str:
    return postgres_cluster.create_database(template=postgres_template)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def load_demo_into(url: str, tmp_path: Path) -> None:
    """The demo council with every wave's plan computed, as `make run` would leave it."""
    from sqlalchemy import select

    from surveyapp.demo import load_demo
    from surveyapp.models import Wave
    from surveyapp.services.publication import current_plan

    app = make_app(url, tmp_path)
    running = runtime(app)
    with app.app_context(), session_scope(app) as session:
        load_demo(session, running.banks["social-work-pulse"], running.answer_cipher, 5, 10)
        for wave in session.scalars(select(Wave)):
            current_plan(session, wave, running.banks[wave.bank_key], running.plan_settings)
    get_engine(app).dispose()


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-demo")
    path = folder / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    load_demo_into(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def postgres_demo_template(
    postgres_cluster: Cluster, postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> str:
    url = postgres_cluster.create_database(template=postgres_template)
    load_demo_into(url, tmp_path_factory.mktemp("pg-demo"))
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh copy of the demo council (with its plans) on each database."""
    if request.param == "sqlite":
        target = tmp_path / "demo.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_demo_template"), target)
        return f"sqlite:///{target}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database(template=request.getfixturevalue("postgres_demo_template"))


@pytest.fixture
def demo_app(demo_database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(demo_database_url, tmp_path)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def demo(demo_app: Flask) -> dict[str, int]:
    """Ids in the demo council: a few units by key, and the first and last waves."""
    from sqlalchemy import select

    from surveyapp.models import Wave
    from surveyapp.services.units import unit_by_key

    with demo_app.app_context(), session_scope(demo_app) as session:
        ids = {
            key: unit.id
            for key in ("northbridge", "safeguarding", "children-in-care", "safeguarding-01")
            if (unit := unit_by_key(session, key)) is not None
        }
        waves = list(session.scalars(select(Wave.id).order_by(Wave.id)))
        ids["wave"], ids["first_wave"] = waves[-1], waves[0]
        return ids


def app_on_copy(template: Path, folder: Path, **overrides: object) -> Flask:
    """An app on a copy of a template database, built with no SURVEYAPP_* variables around:
    for module-scoped fixtures, which the per-test environment cleaning does not reach."""
    target = folder / template.name
    shutil.copy(template, target)
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("SURVEYAPP_")]:
            patch.delenv(name)
        return make_app(f"sqlite:///{target}", folder, RATELIMIT_ENABLED=False, **overrides)


def make_app(database_url: str, tmp_path: Path, **overrides: object) -> Flask:
    return create_app(
        {"DATABASE_URL": database_url, **TEST_SETTINGS, **overrides},
        instance_path=str(tmp_path / "instance"),
    )


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def sqlite_app(sqlite_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(sqlite_url, tmp_path)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session committed at the end of the test's block, like a CLI command."""
    with app.app_context(), session_scope(app) as session:
        yield session


def add_staff(session: Session, role: Role, scope: str, email: str, **fields: object) -> User:
    """A staff account scoped to a unit (by key); viewers and managers see no comments unless
    told."""
    unit = unit_by_key(session, scope)
    assert unit is not None
    user = User(
        email=email,
        password_hash="x",
        role=role,
        scope_unit_id=unit.id,
        **{"can_see_comments": role not in COMMENTS_IF_GRANTED, **fields},
    )
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def sign_in(app: Flask, client: FlaskClient) -> Callable[..., User]:
    """Sign the test client in as a new user with a role and scope (by unit key)."""

    def sign_in_as(
        role: Role, scope: str = "northbridge", client: FlaskClient = client, **fields: object
    ) -> User:
        with app.app_context(), session_scope(app) as session:
            user = add_staff(
                session, role, scope, f"{role}-{scope}-{len(fields)}@example.test", **fields
            )
        sign_in_directly(app, client, user.id)
        return user

    return sign_in_as


@pytest.fixture
def mail_server() -> Iterator[MailCatcher]:
    """A real SMTP server on loopback that keeps what it is sent (``tests/support/smtp.py``)."""
    with mail_catcher() as catcher:
        yield catcher


@pytest.fixture
def mailing_app(database_url: str, tmp_path: Path, mail_server: MailCatcher) -> Iterator[Flask]:
    """An app on each database that sends its mail to ``mail_server``."""
    app = make_app(database_url, tmp_path, SMTP_URL=mail_server.url, SMTP_TIMEOUT_SECONDS=2)
    yield app
    get_engine(app).dispose()
