"""Each role lands on its own home and is offered every staff page it may open, and no other;
403 and 404 are pages in the site's layout (JSON under the API)."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from surveyapp.accounts.navigation import STAFF_PAGES
from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.services.units import unit_by_key
from tests.factories import open_test_wave

from .support import add_account, sign_in

LINK = re.compile(r'<a class="account-nav__link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>')
OFFERED = {
    Role.ADMIN: [
        "Results",
        "Board view",
        "Audit trail",
        "Admin",
        "Invitations",
        "Staff accounts",
        "Your account",
    ],
    Role.ANALYST: ["Results", "Board view", "Your account"],
    Role.VIEWER: ["Results", "Board view", "Audit trail", "Your account"],
    Role.MANAGER: ["Results", "Board view", "Your account"],
}


@pytest.mark.parametrize("role", list(Role))
def test_the_navigation_offers_every_page_a_role_may_open_and_only_those(
    sqlite_app: Flask, role: Role
) -> None:
    add_account(sqlite_app, f"{role.value}@example.org", role)
    client = sqlite_app.test_client()
    home = sign_in(client, f"{role.value}@example.org").headers["Location"]
    links = LINK.findall(client.get(home).get_data(as_text=True))
    assert [label for _, _, label in links] == OFFERED[role]
    assert [url for url, current, _ in links if current] == [home]
    for url, _, label in links:
        assert client.get(url).status_code == 200, label


def test_every_page_in_the_table_is_a_route(sqlite_app: Flask) -> None:
    assert {page.endpoint for page in STAFF_PAGES} <= set(sqlite_app.view_functions)


def test_a_unit_outside_the_readers_scope_is_a_styled_not_found_page(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "analyst@example.org", Role.ANALYST, "team-a")
    with sqlite_app.app_context(), session_scope(sqlite_app) as session:
        wave_id = open_test_wave(session, sqlite_app).id
        team_a, team_b = (unit_by_key(session, key) for key in ("team-a", "team-b"))
        assert team_a is not None and team_b is not None
        ids = team_a.id, team_b.id
    client = sqlite_app.test_client()
    sign_in(client, "analyst@example.org")
    assert client.get(f"/insights/waves/{wave_id}/units/{ids[0]}").status_code == 200
    response = client.get(f"/insights/waves/{wave_id}/units/{ids[1]}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<h1 class="heading-l">Page not found</h1>' in page
    assert 'aria-label="Your account"' in page and "analyst@example.org" in page
    assert 'href="/insights/">Go to your home page' in page


def test_public_not_found_and_api_not_found(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "Your account" not in page and "app.css" in page
    api = client.get("/api/v1/no-such-thing")  # the API asks for a token before anything else
    assert api.status_code == 401 and api.is_json and "error" in (api.json or {})
    assert api.headers["WWW-Authenticate"].startswith("Bearer")
    key = client.get("/reports/public-keys/0000.pem")
    assert key.status_code == 404 and "Page not found" in key.get_data(as_text=True)


def test_forbidden_is_a_styled_page_with_a_way_home(sqlite_app: Flask) -> None:
    add_account(sqlite_app, "viewer@example.org", Role.VIEWER)
    client = sqlite_app.test_client()
    sign_in(client, "viewer@example.org")
    response = client.get("/admin/")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You cannot see this page" in page and 'href="/board/">Go to your home page' in page
