from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.domain.roles import Role


def test_waves_units_results_and_trends(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    waves = client.get("/api/v1/waves", headers=headers).get_json()["waves"]
    assert len(waves) == 6 and waves[0]["min_group_size"] == 5
    units = client.get(f"/api/v1/waves/{ids['wave']}/units", headers=headers).get_json()["units"]
    assert {u["name"] for u in units} >= {"Safeguarding and Child Protection"}
    results = client.get(
        f"/api/v1/waves/{ids['wave']}/units/{ids['northbridge']}/results", headers=headers
    ).get_json()
    assert results["responses"] >= 5 and len(results["plan_sha256"]) == 64
    supervision = next(t for t in results["themes"] if t["key"] == "supervision")
    assert 0 <= supervision["interval_95"][0] <= supervision["favourable_percent"]
    trends = client.get(
        f"/api/v1/waves/{ids['wave']}/units/{ids['safeguarding']}/trends", headers=headers
    ).get_json()
    theme = next(t for t in trends["themes"] if t["key"] == "supervision")
    assert len(theme["waves"]) == 6
    assert any(w.get("change") == "down" for w in theme["waves"]), theme


def test_every_number_in_the_api_is_from_a_published_cell(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    for unit in client.get(f"/api/v1/waves/{ids['wave']}/units", headers=headers).get_json()[
        "units"
    ]:
        body = client.get(
            f"/api/v1/waves/{ids['wave']}/units/{unit['id']}/results", headers=headers
        ).get_json()
        if "suppressed" in body:
            assert "responses" not in body and "themes" not in body
            continue
        assert body["responses"] >= 5
        for question in body["questions"]:
            assert "suppressed" in question or question["n"] >= 5
        for child in body["children"]:
            assert "suppressed" in child or child["responses"] >= 5


def test_errors_are_json(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    assert client.get("/api/v1/waves").status_code == 401
    assert client.get("/api/v1/waves").get_json() == {"error": "authentication required"}
    bad = client.get("/api/v1/waves", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    missing = client.get(f"/api/v1/waves/{ids['wave']}/units/999999/results", headers=token_for())
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_scoped_token_cannot_read_another_service(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for(Role.ANALYST, "children-in-care")
    base = f"/api/v1/waves/{ids['wave']}/units"
    assert (
        client.get(f"{base}/{ids['children-in-care']}/results", headers=headers).status_code == 200
    )
    for unit in ("safeguarding", "northbridge", "safeguarding-01"):
        assert client.get(f"{base}/{ids[unit]}/results", headers=headers).status_code == 404
        assert client.get(f"{base}/{ids[unit]}/trends", headers=headers).status_code == 404
    names = {u["name"] for u in client.get(base, headers=headers).get_json()["units"]}
    assert "Safeguarding and Child Protection" not in names


def test_openapi_document(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/waves/{wave_id}/units/{unit_id}/results" in document["paths"]


def test_api_does_not_need_or_set_cookies(
    app: Flask, client: FlaskClient, token_for: Callable[..., dict[str, str]]
) -> None:
    response = client.get("/api/v1/waves", headers=token_for())
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
