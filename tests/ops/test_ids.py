"""A URL id larger than any database key names nothing: 404, not a server error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/insights/waves/18446744073709551616/units/1",
        "/api/v1/waves/9223372036854775808/units",
        "/admin/waves/99999999999999999999999999/participation",
    ],
)
def test_ids_beyond_64_bits_are_not_found(client, path: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path).status_code == 404


def test_ids_within_range_still_route(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/insights/waves/9223372036854775807/units/1")
    assert response.status_code in {302, 303}  # to sign-in: the route matched
