"""Every page the app serves, asked for in Welsh, shows Welsh: found from the route inventory.

Each HTML page a GET reaches (public, or as the first role allowed in, an administrator where
allowed) is requested with ``?lang=cy`` on the routes matrix's database. Its visible text, less
every Welsh string of the catalogue and the bank, may only hold what staff typed: any text
value kept in the database (unit, wave and action names, email addresses) and the few words
that are the same in both languages. A string left out of the catalogue, or marked but not yet
translated, shows on the page in English and fails the test with the page's name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from surveyapp.domain.roles import Role
from tests.support.welsh import english_left, not_welsh, page_text
from tests.support.welsh_pages import SAME_IN_BOTH, typed_by_staff
from tests.test_routes import ROUTES, Route, World, request_as, sample_url, world

__all__ = ["world"]  # the routes matrix's database, shared with this module

NOT_WORDS = SAME_IN_BOTH
DOWNLOADS = frozenset(
    {
        "text/csv",
        "application/pdf",
        "image/svg+xml",
        "image/png",
        "application/json",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
    }
)
PAGES = [
    route
    for route in ROUTES
    if route.method == "GET" and not route.is_api and route.endpoint.partition(".")[0] != "static"
]


def _visitor(route: Route) -> Role | None:
    if route.allowed is None:
        return None
    return Role.ADMIN if Role.ADMIN in route.allowed else route.allowed[0]


@pytest.fixture(scope="module")
def typed(world: tuple[Flask, World]) -> Iterator[tuple[str, ...]]:
    yield typed_by_staff(world[0])


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_the_page_is_welsh(
    world: tuple[Flask, World], typed: tuple[str, ...], route: Route
) -> None:
    app, built = world
    client, status, _ = request_as(app, built, route, _visitor(route))
    response = client.get(
        sample_url(app, built, route), query_string={"lang": "cy"}, follow_redirects=True
    )
    if response.mimetype != "text/html":
        assert response.mimetype in DOWNLOADS, (status, response.mimetype)
        return  # a file, not a page: its language is the reports' and exports' own tests'
    html = response.get_data(as_text=True)
    assert '<html lang="cy"' in html, route
    text = page_text(html)
    left = [f"English: {e}" for e in english_left(text)]
    left += [f"not Welsh: {w}" for w in not_welsh(text, (*NOT_WORDS, *typed))]
    assert not left, (status, left)
