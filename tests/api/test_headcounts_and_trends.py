"""Figures that must agree across endpoints: headcounts, and the waves a trend point names."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from surveyapp.api import serialise
from surveyapp.domain.results import TrendPoint
from surveyapp.models import Wave


def test_a_unit_s_headcounts_are_the_same_in_every_endpoint(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    base = f"/api/v1/waves/{ids['wave']}/units"
    units = {u["id"]: u for u in client.get(base, headers=headers).get_json()["units"]}
    organisation = units[ids["northbridge"]]
    assert organisation["own_headcount"] == 0 and organisation["total_headcount"] == 359
    assert organisation["total_headcount"] == sum(u["own_headcount"] for u in units.values())
    for unit in units.values():
        below = [u["total_headcount"] for u in units.values() if u["parent_id"] == unit["id"]]
        assert unit["total_headcount"] == unit["own_headcount"] + sum(below), unit
        for endpoint in ("results", "trends"):
            body = client.get(f"{base}/{unit['id']}/{endpoint}", headers=headers).get_json()
            assert body["unit"] == unit, (endpoint, unit)
        results = client.get(f"{base}/{unit['id']}/results", headers=headers).get_json()
        if results["status"] == "published":
            rate = 100 * results["responses"] / unit["total_headcount"]
            assert results["response_rate_percent"] == round(rate, 1), unit


def test_trend_points_name_their_waves_by_id(
    client: FlaskClient, ids: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    headers = token_for()
    waves = client.get("/api/v1/waves", headers=headers).get_json()["waves"]
    oldest_first = [(w["id"], w["name"]) for w in reversed(waves)]
    for wave_id, name in oldest_first:
        body = client.get(
            f"/api/v1/waves/{wave_id}/units/{ids['safeguarding']}/trends", headers=headers
        ).get_json()
        assert body["wave_id"] == wave_id
        until_now = oldest_first[: oldest_first.index((wave_id, name)) + 1]
        for theme in body["themes"]:
            assert [(p["wave_id"], p["wave_name"]) for p in theme["points"]] == until_now


def test_a_wave_the_unit_was_not_part_of_is_its_own_kind_of_point() -> None:
    wave = Wave(id=3, name="Pulse: autumn 2025")
    absent = serialise.point(wave, TrendPoint(hidden="not part of this wave", wave_label=""))
    assert absent.model_dump() == {
        "status": "not_in_wave",
        "wave_id": 3,
        "wave_name": "Pulse: autumn 2025",
    }
