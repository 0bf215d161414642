"""Workforce figures on the board view follow the reader's scope, like every result does.

On the demo council, figures are entered for the organisation, for Children in Care and for one
team. A viewer scoped to that team (who gets 404 on Children in Care) reads their team's figures
and nobody else's; a viewer of the whole council reads them all; a report built from the command
line holds the figures of the unit it is about and the units below it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.services.units import unit_by_key
from surveyapp.services.workforce import set_figures

ORGANISATION = "Northbridge Council Children's Services"
SERVICE = "Children in Care and Care Leavers"
TEAM = "Children in Care 1"
TEAM_KEY = "children-in-care-01"
ROW = re.compile(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>')


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def figures(app: Flask, demo: dict[str, int]) -> dict[str, int]:
    """Figures for Children in Care and its first team, beside the organisation's (demo)."""
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, demo["wave"])
        service, team = unit_by_key(session, "children-in-care"), unit_by_key(session, TEAM_KEY)
        assert wave is not None and service is not None and team is not None
        set_figures(
            session,
            wave,
            service,
            {
                "fte_in_post": Decimal("88.25"),
                "turnover_percent": Decimal("21.75"),
                "sickness_absence_percent": Decimal("7.25"),
            },
        )
        set_figures(session, wave, team, {"fte_in_post": Decimal("9.5")})
        return {"service": service.id, "team": team.id}


def entered(page: str) -> set[tuple[str, str, str]]:
    section = page.split("Entered figures (not from the survey)", 1)
    if len(section) < 2:
        return set()
    rows = ROW.findall(section[1].split("</table>", 1)[0])
    return {(html.unescape(unit), label, value) for unit, label, value in rows}


def units_in(rows: set[tuple[str, str, str]]) -> set[str]:
    return {unit for unit, _label, _value in rows}


def test_a_team_viewer_sees_no_figures_of_units_outside_their_scope(
    client: FlaskClient, demo: dict[str, int], figures: dict[str, int], sign_in: Callable
) -> None:
    sign_in(Role.VIEWER, scope=TEAM_KEY)
    board = f"/board/waves/{demo['wave']}/units"
    assert client.get(f"{board}/{figures['service']}").status_code == 404
    page = client.get(f"{board}/{figures['team']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert entered(text) == {(TEAM, "FTE social workers in post", "9.5")}
    for leaked in ("88.25", "21.75%", "7.25%", "349.5", "12.1%"):
        assert leaked not in text, leaked


def test_a_council_viewer_sees_the_figures_below_the_unit_they_open(
    client: FlaskClient, demo: dict[str, int], figures: dict[str, int], sign_in: Callable
) -> None:
    sign_in(Role.VIEWER, viewer_max_depth=2)
    board = f"/board/waves/{demo['wave']}/units"
    council = entered(client.get(f"{board}/{demo['northbridge']}").get_data(as_text=True))
    assert units_in(council) == {ORGANISATION, SERVICE, TEAM}
    assert (ORGANISATION, "FTE social workers in post", "349.5") in council
    service = entered(client.get(f"{board}/{figures['service']}").get_data(as_text=True))
    assert units_in(service) == {SERVICE, TEAM}


def test_a_depth_limited_viewer_does_not_see_figures_below_their_depth(
    client: FlaskClient, demo: dict[str, int], figures: dict[str, int], sign_in: Callable
) -> None:
    sign_in(Role.VIEWER, viewer_max_depth=1)
    page = client.get(f"/board/waves/{demo['wave']}/units/{demo['northbridge']}")
    assert units_in(entered(page.get_data(as_text=True))) == {ORGANISATION, SERVICE}


def test_a_report_built_from_the_command_line_holds_its_subtree(
    runner: FlaskCliRunner, demo: dict[str, int], figures: dict[str, int], tmp_path: Path
) -> None:
    def build(unit_key: str) -> set[tuple[str, str, str]]:
        out = tmp_path / unit_key
        result = runner.invoke(
            args=[
                "report",
                "build",
                "--wave",
                str(demo["wave"]),
                "--unit",
                unit_key,
                "--format",
                "html",
                "--out",
                str(out),
            ]
        )
        assert result.exit_code == 0, result.output
        return entered(next(out.glob("*.html")).read_text(encoding="utf-8"))

    assert units_in(build("northbridge")) == {ORGANISATION, SERVICE, TEAM}
    assert units_in(build("children-in-care")) == {SERVICE, TEAM}
