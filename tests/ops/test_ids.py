"""A URL id larger than any database key names nothing: 404, not a server error.

Keys are 32-bit ``integer`` columns on PostgreSQL, which refuses a larger parameter (a 500);
SQLite refuses one past 64 bits."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/insights/waves/18446744073709551616/units/1", 404),
        # The API checks the token first (401 without one, 404 with one: tests/api).
        ("/api/v1/waves/9223372036854775808/units", 401),
        ("/admin/waves/99999999999999999999999999/participation", 404),
        ("/insights/waves/2147483648/units/1", 404),
        ("/sso/waves/3000000000", 404),
    ],
)
def test_ids_beyond_what_a_key_can_hold_are_not_found(client, path: str, status: int) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path).status_code == status


def test_ids_within_range_still_route(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/insights/waves/2147483647/units/1")
    assert response.status_code in {302, 303}  # to sign-in: the route matched
