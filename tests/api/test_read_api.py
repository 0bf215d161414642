"""The read API on the demo council: what an analyst's token reads, and what it may not."""

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
    assert waves[0]["id"] == ids["wave"] and waves[0]["top_unit_id"] == ids["northbridge"]
    assert waves[0]["state"] == "closed" and len(waves[0]["opens_on"]) == len("2026-07-06")
    body = client.get(f"/api/v1/waves/{ids['wave']}/units", headers=headers).get_json()
    assert body["wave_id"] == ids["wave"]
    assert {u["name"] for u in body["units"]} >= {"Safeguarding and Child Protection"}
    results = client.get(
        f"/api/v1/waves/{ids['wave']}/units/{ids['northbridge']}/results", headers=headers
    ).get_json()
    assert results["status"] == "published" and results["responses"] >= 5
    assert len(results["plan_sha256"]) == 64
    supervision = next(t for t in results["themes"] if t["key"] == "supervision")
    score = supervision["score"]
    assert 0 <= score["interval_95_low_percent"] <= score["favourable_percent"]
    trends = client.get(
        f"/api/v1/waves/{ids['wave']}/units/{ids['safeguarding']}/trends", headers=headers
    ).get_json()
    theme = next(t for t in trends["themes"] if t["key"] == "supervision")
    assert len(theme["points"]) == 6
    assert any(p.get("change") == "down" for p in theme["points"]), theme


def test_a_suppressed_value_carries_its_code_and_its_words(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    base = f"/api/v1/waves/{ids['wave']}/units"
    hidden = []
    for unit in client.get(base, headers=headers).get_json()["units"]:
        body = client.get(f"{base}/{unit['id']}/results", headers=headers).get_json()
        if body["status"] == "suppressed":
            assert "responses" not in body and "themes" not in body
            hidden.append(body)
            continue
        assert body["responses"] >= 5
        for question in body["questions"]:
            assert question["status"] == "suppressed" or question["n"] >= 5
            if question["status"] == "suppressed":
                hidden.append(question)
        for child in body["children"]:
            assert child["status"] == "suppressed" or child["responses"] >= 5
            if child["status"] == "suppressed":
                hidden.append(child)
    assert len(hidden) >= 10
    for value in hidden:
        assert value["reason_code"] in {"below_minimum", "protects_another_cell", "rolled_up"}
        assert value["suppressed_because"] and "n" not in value


def test_errors_are_json(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    assert client.get("/api/v1/waves").status_code == 401
    assert client.get("/api/v1/waves").get_json() == {"error": "authentication required"}
    bad = client.get("/api/v1/waves", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and "error" in bad.get_json()
    missing = client.get(f"/api/v1/waves/{ids['wave']}/units/999999/results", headers=token_for())
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_scoped_token_cannot_read_another_service(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for(Role.ANALYST, "children-in-care")
    base = f"/api/v1/waves/{ids['wave']}/units"
    for endpoint in ("results", "trends", "cells"):
        own = client.get(f"{base}/{ids['children-in-care']}/{endpoint}", headers=headers)
        assert own.status_code == 200, endpoint
        for unit in ("safeguarding", "northbridge", "safeguarding-01"):
            other = client.get(f"{base}/{ids[unit]}/{endpoint}", headers=headers)
            assert other.status_code == 404, (endpoint, unit)
    names = {u["name"] for u in client.get(base, headers=headers).get_json()["units"]}
    assert "Safeguarding and Child Protection" not in names


def test_api_does_not_need_or_set_cookies(
    app: Flask, client: FlaskClient, token_for: Callable[..., dict[str, str]]
) -> None:
    response = client.get("/api/v1/waves", headers=token_for())
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
