"""A URL id larger than any database key names nothing: 404, not a server error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/insights/waves/18446744073709551616/units/1", 404),
        # The API checks the token first (401 without one, 404 with one: tests/api).
        ("/api/v1/waves/9223372036854775808/units", 401),
        ("/admin/waves/99999999999999999999999999/participation", 404),
    ],
)
def test_ids_beyond_64_bits_are_not_found(client, path: str, status: int) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path).status_code == status


def test_ids_within_range_still_route(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/insights/waves/9223372036854775807/units/1")
    assert response.status_code in {302, 303}  # to sign-in: the route matched
