"""A wave with live results, closed after its last release: what pages, exports, the API and
reports say of the figures its final plan repeats from that release."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.results.reasons import AS_LAST_RELEASED
from surveyapp.domain.roles import Role
from surveyapp.services.api_tokens import create_api_token
from tests.conftest import add_staff, make_app
from tests.support.live_waves import answered_one_at_a_time, closed

EXPLAINED = "Some figures are shown as at the last update before the survey closed."


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A fresh council with live results on (not the demo the other insights tests read)."""
    app = make_app(database_url, tmp_path, LIVE_RESULTS=True)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def wave(app: Flask) -> tuple[int, int]:
    """38 people answered one at a time (releases at 5, ..., 35), then the wave closed."""
    with app.app_context(), session_scope(app) as session:
        wave = closed(session, answered_one_at_a_time(session, app, 38))
        return wave.id, wave.root_unit_id


def test_the_dashboard_shows_the_released_figures_and_says_so(
    client: FlaskClient, wave: tuple[int, int], sign_in: Callable[..., object]
) -> None:
    wave_id, root = wave
    sign_in(Role.ANALYST, "org")
    page = client.get(f"/insights/waves/{wave_id}/units/{root}").get_data(as_text=True)
    assert EXPLAINED in page
    assert f'<dd>35 <span class="hint">({AS_LAST_RELEASED})</span></dd>' in page
    assert "No results for this unit" not in page
    assert "fewer than 5 responses" not in page


def test_exports_and_the_api_carry_the_note_with_the_released_n(
    app: Flask, client: FlaskClient, wave: tuple[int, int], sign_in: Callable[..., object]
) -> None:
    wave_id, root = wave
    sign_in(Role.ANALYST, "org")
    text = client.get(f"/insights/waves/{wave_id}/units/{root}/export.csv").get_data(as_text=True)
    rows = list(
        csv.DictReader(
            io.StringIO(
                "\n".join(
                    line for line in text.lstrip("\ufeff").splitlines() if not line.startswith("#")
                )
            )
        )
    )
    org = next(r for r in rows if r["unit_id"] == str(root) and r["measure_id"] == "responses")
    assert (org["n"], org["Note"]) == ("35", AS_LAST_RELEASED)
    assert all(r["Note"] in ("", AS_LAST_RELEASED) for r in rows)
    assert all(r["Note"] == "" for r in rows if r["Suppressed because"])
    with app.app_context(), session_scope(app) as session:
        user = add_staff(session, Role.ANALYST, "org", "api@example.test")
        token = create_api_token(session, app.config["TOKEN_PEPPER"], user, "t", dt.date.today())
    body = client.get(
        f"/api/v1/waves/{wave_id}/units/{root}/results",
        headers={"Authorization": f"Bearer {token}"},
    ).get_json()
    assert (body["responses"], body["responses_note"]) == (35, AS_LAST_RELEASED)
    assert {t.get("note") for t in body["themes"] if "suppressed" not in t} == {AS_LAST_RELEASED}


def test_the_signed_report_says_so(
    runner: FlaskCliRunner, wave: tuple[int, int], tmp_path: Path
) -> None:
    wave_id, _ = wave
    out = tmp_path / "report"
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(wave_id),
            "--unit",
            "org",
            "--out",
            str(out),
            "--format",
            "html",
        ]
    )
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert EXPLAINED in html
    assert f"<strong>35</strong> <small>({AS_LAST_RELEASED})</small>" in html
