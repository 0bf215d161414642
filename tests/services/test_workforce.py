from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from surveyapp.services.workforce import figures_for_wave, set_figures
from tests.factories import open_test_wave


def test_figures_round_trip_and_read_as_labelled_rows(app: Flask, session: Session) -> None:
    wave = open_test_wave(session, app)
    set_figures(
        session,
        wave,
        wave.root_unit,
        {"turnover_percent": Decimal("11.8"), "fte_in_post": Decimal("312.5")},
    )
    set_figures(session, wave, wave.root_unit, {"agency_percent": Decimal("13")})
    assert figures_for_wave(session, wave) == [
        ("Test Council", "FTE social workers in post", "312.5"),
        ("Test Council", "Turnover", "11.8%"),
        ("Test Council", "Agency workers", "13%"),
    ]
    with pytest.raises(ValueError, match="unknown figure"):
        set_figures(session, wave, wave.root_unit, {"morale": Decimal(1)})


def test_cli_checks_numbers(app: Flask, session: Session, runner: FlaskCliRunner) -> None:
    wave = open_test_wave(session, app)
    session.commit()
    ok = runner.invoke(
        args=[
            "workforce",
            "set",
            "--wave",
            str(wave.id),
            "--unit",
            "org",
            "--turnover",
            "12.5",
            "--caseload",
            "15.2",
        ]
    )
    assert ok.exit_code == 0 and "Saved 2 figure(s)" in ok.output
    bad = runner.invoke(
        args=["workforce", "set", "--wave", str(wave.id), "--unit", "org", "--vacancy", "140"]
    )
    assert bad.exit_code == 2 and "out of range" in bad.output
    none = runner.invoke(args=["workforce", "set", "--wave", str(wave.id), "--unit", "org"])
    assert none.exit_code == 2
