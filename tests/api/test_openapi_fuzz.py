"""A property-based run against the OpenAPI document: no input makes the API fail with 5xx.

Equivalent to a schemathesis run, done with hypothesis directly: every documented path is called
with generated path parameters and tokens (valid, invalid, missing), and every answer must be a
JSON object with a 2xx or 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

IDS = st.one_of(st.integers(1, 60), st.integers(-5, 2**31 + 5), st.sampled_from([0, 1, 2, 6]))


def test_no_server_errors(
    app: Flask, client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    paths = list(client.get("/api/v1/openapi.json").get_json()["paths"])
    good = token_for()
    headers = st.sampled_from([good, {}, {"Authorization": "Bearer x"}, {"Authorization": "Basic"}])

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        path=st.sampled_from(paths),
        wave_id=IDS,
        unit_id=IDS,
        header=headers,
        junk=st.text(max_size=20),
    )
    def call(path: str, wave_id: int, unit_id: int, header: dict[str, str], junk: str) -> None:
        url = "/api/v1" + path.format(wave_id=wave_id, unit_id=unit_id)
        response = client.get(url, headers=header, query_string={"q": junk})
        assert response.status_code < 500, (url, response.status_code)
        assert isinstance(response.get_json(), dict), url

    call()
