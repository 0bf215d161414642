"""Issuing for a unit too small for results of its own says how its answers will be published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.invitations import pooling_notice
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import create_wave, open_wave

COUNCIL = """key,name,parent_key,headcount
org,Test Council,,0
safeguarding,Safeguarding,org,0
team-big,Assessment Team 1,safeguarding,9
team-one,Assessment Team 9,safeguarding,1
unit-pair,Duty Hub,org,2
pair-a,Duty Hub North,unit-pair,1
pair-b,Duty Hub South,unit-pair,1
"""


def open_small_wave(app: Flask, root: str = "org") -> int:
    with app.app_context(), session_scope(app) as session:
        import_units_csv(session, COUNCIL)
        unit = unit_by_key(session, root)
        assert unit is not None
        bank = runtime(app).banks["social-work-pulse"]
        wave = create_wave(session, bank, unit, "Pulse", dt.date.today() + dt.timedelta(days=9))
        open_wave(session, wave, 5, 10, dt.date.today())
        return wave.id


def notice(app: Flask, wave_id: int, key: str) -> str | None:
    with app.app_context(), session_scope(app) as session:
        wave, unit = session.get(Wave, wave_id), unit_by_key(session, key)
        assert wave is not None and unit is not None
        return pooling_notice(session, wave, unit)


def test_a_team_below_k_is_told_its_answers_are_pooled_and_where(app: Flask) -> None:
    wave_id = open_small_wave(app)
    said = notice(app, wave_id, "team-one")
    assert said is not None
    assert said.startswith(
        "Assessment Team 9 has a headcount of 1, below this wave's minimum group size of 5."
    )
    assert "will only ever be published pooled with other people's" in said
    assert "in the results of Safeguarding (and of the units above it)" in said
    assert '"other teams in Safeguarding" cell' in said
    assert "No result is shown for Assessment Team 9 on its own." in said


def test_a_unit_counts_its_sub_units_and_large_units_get_no_notice(app: Flask) -> None:
    wave_id = open_small_wave(app)
    assert notice(app, wave_id, "team-big") is None
    assert notice(app, wave_id, "safeguarding") is None  # 0 + 9 + 1 people
    hub = notice(app, wave_id, "unit-pair")  # 2 + 1 + 1 people
    assert hub is not None and "a headcount of 4" in hub and "results of Test Council" in hub


def test_a_whole_wave_below_k_says_nothing_can_be_shown(app: Flask) -> None:
    wave_id = open_small_wave(app, root="unit-pair")
    said = notice(app, wave_id, "unit-pair")
    assert said is not None and said.endswith("so no result of this wave may be shown at all.")


def cli_args(command: str, wave_id: int, unit: str, out: Path) -> list[str]:
    args = ["invitations", command, "--wave", str(wave_id), "--unit", unit]
    return args + ["--count", "1", "--out", str(out)] if command == "issue" else args


@pytest.mark.parametrize("command", ["issue", "team-link"])
def test_the_cli_says_it_plainly(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, command: str
) -> None:
    wave_id = open_small_wave(app)
    result = runner.invoke(args=cli_args(command, wave_id, "team-one", tmp_path / "one.csv"))
    assert result.exit_code == 0, result.output
    assert "Note: Assessment Team 9 has a headcount of 1" in result.output
    assert "pooled with other people's" in result.output
    large = runner.invoke(args=cli_args(command, wave_id, "team-big", tmp_path / "big.csv"))
    assert large.exit_code == 0, large.output
    assert "Note:" not in large.output
