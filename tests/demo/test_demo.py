"""The demo council loads through the real code paths and tells its two stories."""

from collections import defaultdict

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.models import SealedComment, SealedResponse, Unit, Wave, WaveState
from tests.support.sealed import stored_responses


def favourable_by_service(app: Flask, theme_prefix: str) -> dict[str, list[float]]:
    """% of 4-5 answers per top-level service per wave (reverse-coded items excluded)."""
    with app.app_context(), session_scope(app) as session:
        units = {u.id: u for u in session.scalars(select(Unit))}
        waves = list(session.scalars(select(Wave.id)))

    def service_of(unit_id: int) -> str:
        unit = units[unit_id]
        while unit.parent_id is not None and units[unit.parent_id].parent_id is not None:
            unit = units[unit.parent_id]
        return unit.key

    tallies: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    rows = [
        (wave_id, response.unit_id, value)
        for wave_id in waves
        for response in stored_responses(app, wave_id)
        for key, value in response.answers.items()
        if key.startswith(theme_prefix) and key != "morale_drained_v1" and isinstance(value, int)
    ]
    for wave_id, unit_id, value in rows:
        tally = tallies[(service_of(unit_id), wave_id)]
        tally[0] += value >= 4
        tally[1] += 1
    result: dict[str, list[float]] = defaultdict(list)
    for (service, _wave), (favourable, total) in sorted(tallies.items(), key=lambda i: i[0][1]):
        result[service].append(100 * favourable / total)
    return result


def test_demo_loads_once_with_the_shape_of_a_council(runner: FlaskCliRunner, app: Flask) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Loaded Northbridge" in result.output
    assert "already has units" in runner.invoke(args=["demo"]).output
    with app.app_context(), session_scope(app) as session:
        units = list(session.scalars(select(Unit)))
        services = [
            u
            for u in units
            if u.parent_id is not None
            and next(p for p in units if p.id == u.parent_id).parent_id is None
        ]
        teams = [u for u in units if u not in services and u.parent_id is not None]
        assert len(services) == 3
        assert 36 <= len(teams) <= 44
        assert all(3 <= t.headcount <= 14 for t in teams)
        assert 350 <= sum(u.headcount for u in units) <= 450
        waves = list(session.scalars(select(Wave)))
        assert len(waves) == 6 and all(w.state is WaveState.CLOSED for w in waves)
        assert all(w.min_group_size == 5 and w.min_comment_group_size == 10 for w in waves)
        per_wave = session.execute(
            select(SealedResponse.wave_id, func.count()).group_by(SealedResponse.wave_id)
        )
        assert all(200 <= count <= 400 for _, count in per_wave)
        assert session.scalar(select(func.count()).select_from(SealedComment)) > 100

    supervision = favourable_by_service(app, "supervision_")
    morale = favourable_by_service(app, "morale_")
    workload = favourable_by_service(app, "workload_")
    # Safeguarding: supervision slips by a lot while morale holds
    assert supervision["safeguarding"][0] - supervision["safeguarding"][-1] > 25
    assert abs(morale["safeguarding"][0] - morale["safeguarding"][-1]) < 10
    # Children in care: caseloads fall from wave 3, and morale recovers after
    assert workload["children-in-care"][-1] - workload["children-in-care"][1] > 30
    assert morale["children-in-care"][-1] - morale["children-in-care"][1] > 20
