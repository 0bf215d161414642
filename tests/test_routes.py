"""Deny by default, proven over every route the app has (found in ``app.url_map``).

- The inventory fails for any endpoint whose view declares no access rule (``@public`` or
  ``@require(...)``).
- The matrix requests every route that is not public, with every method it accepts: anonymous
  visitors are sent to sign-in (pages) or get a JSON 401 (the ``api`` blueprint); each role the
  rule does not name gets 403; each role it names gets through (neither 401, 403, nor a
  redirect to sign-in).

URL arguments come from ``SAMPLE_VALUES`` ("endpoint:argument" first, then the argument name),
then from ``BY_CONVERTER``. A route whose URL cannot be built fails; extend the tables (and
``World``) when new routes need other values. Staff in the matrix are scoped to the root of the
test council with no depth limit and comments granted, so scope never hides a route from a role.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import BuildError, Rule

from surveyapp import create_app
from surveyapp.accounts.access import (
    access_rule,
    refuse_routes_without_a_rule,
    routes_without_a_rule,
)
from surveyapp.database import get_engine, session_scope
from surveyapp.domain.pulses import Cadence, Period
from surveyapp.domain.roles import Role
from surveyapp.runtime import runtime
from surveyapp.services.pulses import create_schedule
from surveyapp.services.units import unit_by_key
from surveyapp.services.users import existing_user
from tests.conftest import TEST_SETTINGS, app_on_copy
from tests.factories import open_test_wave, staff_of_every_role
from tests.support.staff import sign_in_directly

API_BLUEPRINT = "api"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class World:
    """What the matrix's database holds: the test council, an open wave, one account per role."""

    wave_id: int
    unit_id: int
    unit_key: str
    emails: dict[Role, str]
    tokens: dict[Role, str]
    schedule_id: int


SAMPLE_VALUES: dict[str, Callable[[World], object]] = {
    "wave_id": lambda world: world.wave_id,
    "unit_id": lambda world: world.unit_id,
    "unit_key": lambda world: world.unit_key,
    "schedule_id": lambda world: world.schedule_id,
    "bank_key": lambda world: "social-work-pulse",
    "insights.chart:name": lambda world: "themes",
    "insights.chart:fmt": lambda world: "svg",
    "insights.export:fmt": lambda world: "csv",
}
BY_CONVERTER: dict[str, Callable[[World], object]] = {
    "IntegerConverter": lambda world: world.wave_id,
    "UnicodeConverter": lambda world: world.unit_key,
}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    allowed: tuple[Role, ...] | None  # None: public

    @property
    def is_api(self) -> bool:
        return self.endpoint.rpartition(".")[0] == API_BLUEPRINT

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint}"


def _bare_app(instance: str) -> Flask:
    return create_app({"DATABASE_URL": "sqlite://", **TEST_SETTINGS}, instance_path=instance)


def routes_of(app: Flask) -> list[Route]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        declared = access_rule(app.view_functions[rule.endpoint])
        if declared is None:
            continue  # the inventory test reports it
        allowed = None if declared == "public" else tuple(Role(v) for v in declared)
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            found.append(Route(rule.endpoint, method, allowed))
    return found


with tempfile.TemporaryDirectory() as _instance:
    ROUTES = routes_of(_bare_app(_instance))
PROTECTED = [route for route in ROUTES if route.allowed is not None]
FORBIDDEN = [
    (route, role) for route in PROTECTED for role in Role if role not in (route.allowed or ())
]
ALLOWED = [(route, role) for route in PROTECTED for role in route.allowed or ()]


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Flask, World]]:
    app = app_on_copy(sqlite_template, tmp_path_factory.mktemp("routes"))
    # The matrix is about who may enter; CSRF is proven on its own in tests/accounts.
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        root = unit_by_key(session, "org")
        assert root is not None
        pepper = app.config["TOKEN_PEPPER"]
        # Signing out everywhere revokes a user's tokens too: cookies and tokens belong to
        # different accounts, so the matrix's sign-outs leave the API's tokens working.
        emails, _ = staff_of_every_role(session, pepper, root, "", "matrix")
        _, tokens = staff_of_every_role(session, pepper, root, "api-", "matrix")
        team = unit_by_key(session, "team-a")
        assert team is not None
        cadence = Cadence(dt.date.today() + dt.timedelta(days=30), 1, Period.MONTHS, 7)
        bank = runtime(app).banks["social-work-pulse"]
        schedule = create_schedule(session, bank, team, "Pulse {month}", cadence, dt.date.today())
        built = World(wave.id, root.id, root.key, emails, tokens, schedule.id)
    yield app, built
    get_engine(app).dispose()


def sample_url(app: Flask, world: World, route: Route) -> str:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route.endpoint)
    values = {}
    for argument in sorted(rule.arguments - set(rule.defaults or {})):
        converter = type(rule._converters[argument]).__name__
        sample = (
            SAMPLE_VALUES.get(f"{route.endpoint}:{argument}")
            or SAMPLE_VALUES.get(argument)
            or BY_CONVERTER.get(converter)
        )
        if sample is None:
            pytest.fail(
                f"{route}: no sample value for <{argument}> ({converter});"
                " add one to SAMPLE_VALUES in tests/test_routes.py"
            )
        values[argument] = sample(world)
    with app.test_request_context():
        try:
            return app.url_for(route.endpoint, _method=route.method, **values)
        except (BuildError, ValueError) as exc:
            pytest.fail(f"{route}: cannot build a URL from {values}: {exc}")


def request_as(
    app: Flask, world: World, route: Route, role: Role | None
) -> tuple[FlaskClient, int, str]:
    client = app.test_client()
    headers = {}
    if role is not None and route.is_api:
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    elif role is not None:
        with app.app_context(), session_scope(app) as session:
            user_id = existing_user(session, world.emails[role]).id
        sign_in_directly(app, client, user_id)
    url = sample_url(app, world, route)
    response = client.open(url, method=route.method, headers=headers)
    return client, response.status_code, response.headers.get("Location", "")


def test_every_route_declares_who_may_use_it(world: tuple[Flask, World]) -> None:
    app, _ = world
    missing = routes_without_a_rule(app)
    assert not missing, f"routes without @public or @require(...): {missing}"


def test_the_inventory_catches_a_route_left_open(tmp_path: Path) -> None:
    app = _bare_app(str(tmp_path))
    app.add_url_rule("/forgotten", endpoint="forgotten", view_func=lambda: "open to all")
    assert routes_without_a_rule(app) == ["/forgotten (forgotten)"]
    with pytest.raises(RuntimeError, match=r"without @public or @require\(\.\.\.\): /forgotten"):
        refuse_routes_without_a_rule(app)  # what create_app does once every route is in


def test_the_matrix_sees_the_routes() -> None:
    endpoints = {route.endpoint for route in PROTECTED}
    assert {"admin.index", "admin.participation", "accounts.account"} <= endpoints
    admin_pages = {
        "admin.units",
        "admin.upload_units",
        "admin.apply_units",
        "admin.edit_unit_page",
        "admin.new_wave",
        "admin.wave",
        "admin.bank",
        "admin.open_wave_page",
        "admin.close_wave_page",
        "admin.pulses",
        "admin.new_pulse",
        "admin.stop_pulse",
        "admin.workforce",
        "admin.edit_workforce",
        "admin.reports",
        "admin.build_report_page",
    }
    assert admin_pages <= endpoints
    assert all(r.allowed == (Role.ADMIN,) for r in PROTECTED if r.endpoint in admin_pages)
    assert {"invitations.download", "invitations.send_email", "invitations.poster"} <= endpoints
    assert ("POST", "accounts.sign_out") in {(r.method, r.endpoint) for r in PROTECTED}
    assert "accounts.sign_in" not in endpoints and "home.index" not in endpoints


@pytest.mark.parametrize("route", PROTECTED, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(world: tuple[Flask, World], route: Route) -> None:
    app, built = world
    client = app.test_client()
    response = client.open(sample_url(app, built, route), method=route.method)
    if route.is_api:
        assert response.status_code == 401, response.status_code
        assert response.is_json and "error" in (response.json or {})
    else:
        assert response.status_code == 302, response.status_code
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(("route", "role"), FORBIDDEN, ids=str)
def test_roles_not_named_are_forbidden(
    world: tuple[Flask, World], route: Route, role: Role
) -> None:
    app, built = world
    _, status, _ = request_as(app, built, route, role)
    assert status == 403


@pytest.mark.parametrize(("route", "role"), ALLOWED, ids=str)
def test_roles_named_get_through(world: tuple[Flask, World], route: Route, role: Role) -> None:
    app, built = world
    _, status, location = request_as(app, built, route, role)
    assert status not in (401, 403), status
    assert not location.startswith("/sign-in"), location
