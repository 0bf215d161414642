"""What HTTP asks of the API: Allow on 405, the bearer challenge on 401, the token checked before
the path, and addresses from SURVEYAPP_PUBLIC_URL, never from the request's Host header."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.services.api_tokens import revoke_token
from tests.api.conftest import bearer

PLAIN_CHALLENGE = 'Bearer realm="Staff Voice API"'
REFUSED = 'Bearer realm="Staff Voice API", error="invalid_token"'


def malformed(ids: dict[str, int]) -> list[str]:
    wave = ids["wave"]
    return [
        "/api/v1/waves/-1/units",
        "/api/v1/waves/1.5/units",
        "/api/v1/waves/0/units",
        f"/api/v1/waves/{2**31}/units",
        "/api/v1/waves/six/units",
        f"/api/v1/waves/{wave}/units/-3/results",
        f"/api/v1/waves/{wave}/units/1e3/trends",
        f"/api/v1/waves/{wave}/units/{2**70}/cells",
        "/api/v1/nowhere",
    ]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_405_lists_the_methods_the_path_has(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]], method: str
) -> None:
    for headers in (token_for(), {}):
        response = client.open(f"/api/v1/waves/{ids['wave']}/units", method=method, headers=headers)
        assert response.status_code == 405
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
        assert response.is_json and "error" in response.get_json()


def test_a_401_carries_the_bearer_challenge(app: Flask, client: FlaskClient) -> None:
    missing = client.get("/api/v1/waves")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == PLAIN_CHALLENGE
    for other_scheme in ("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer   "):
        response = client.get("/api/v1/waves", headers={"Authorization": other_scheme})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == PLAIN_CHALLENGE, other_scheme
    headers = bearer(app)
    assert client.get("/api/v1/waves", headers=headers).status_code == 200
    with app.app_context(), session_scope(app) as session:
        revoke_token(session, app.config["TOKEN_PEPPER"], headers["Authorization"][7:])
    for refused in (headers, {"Authorization": "Bearer sv_not-a-token"}):
        response = client.get("/api/v1/waves", headers=refused)
        assert response.status_code == 401 and response.is_json
        assert response.headers["WWW-Authenticate"].startswith(REFUSED), refused


def test_the_token_is_checked_before_the_path(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    for path in malformed(ids):
        anonymous = client.get(path)
        assert anonymous.status_code == 401, path
        assert anonymous.headers["WWW-Authenticate"] == PLAIN_CHALLENGE, path
        refused = client.get(path, headers={"Authorization": "Bearer sv_wrong"})
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"].startswith(REFUSED), path
        found = client.get(path, headers=headers)
        assert found.status_code == 404 and found.is_json, path


def test_addresses_come_from_the_public_url_never_the_host_header(
    app: Flask, client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    app.config["PUBLIC_URL"] = "https://survey.northbridge.example/"
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    document = client.get("/api/v1/openapi.json", headers=hostile).get_json()
    assert document["servers"] == [{"url": "https://survey.northbridge.example/api/v1"}]
    page = client.get(
        f"/api/v1/waves/{ids['wave']}/units/{ids['northbridge']}/cells",
        headers={**token_for(), **hostile},
    )
    assert page.status_code == 200
    body = page.get_json()
    assert body["next_url"] == (
        f"https://survey.northbridge.example/api/v1/waves/{ids['wave']}"
        f"/units/{ids['northbridge']}/cells?page=2"
    )
    assert b"evil.example" not in page.data + client.get("/api/v1/openapi.json").data
