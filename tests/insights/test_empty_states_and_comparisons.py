"""Pages for units with nothing to show say why in one sentence, with no empty chart frames and
no downloads of empty charts; the heatmap compares each cell; breakdowns only where published."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.disclosure import Reason, measures
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import create_wave, open_wave

CLOSES = dt.date.today() + dt.timedelta(days=20)


def open_a_wave(app: Flask) -> int:
    with app.app_context(), session_scope(app) as session:
        root = unit_by_key(session, "northbridge")
        assert root is not None
        bank = runtime(app).banks["social-work-pulse"]
        wave = create_wave(session, bank, root, "Pulse: now", CLOSES)
        open_wave(session, wave, 5, 10, dt.date.today())
        return wave.id


def a_hidden_team(app: Flask, wave_id: int) -> int:
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        running = runtime(app)
        plan = current_plan(session, wave, running.banks[wave.bank_key], running.plan_settings)
        return next(
            int(cell.node)
            for cell in plan.cells()
            if cell.measure == measures.RESPONSES and cell.reason is Reason.ROLLED_UP
        )


def test_an_open_wave_says_when_results_come_and_shows_nothing_else(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    wave_id = open_a_wave(app)
    sign_in(Role.ANALYST)
    base = f"/insights/waves/{wave_id}/units/{demo['northbridge']}"
    page = client.get(base).get_data(as_text=True)
    sentence = f"Results are hidden until the survey closes on {CLOSES.day} {CLOSES:%B}."
    assert sentence in page
    assert "<svg" not in page and "<figure" not in page and "<table" not in page
    assert "/charts/" not in page and "export." not in page
    assert client.get(f"{base}/charts/themes.svg").status_code == 404
    board = client.get(f"/board/waves/{wave_id}/units/{demo['northbridge']}")
    assert sentence in board.get_data(as_text=True) and "<svg" not in board.get_data(as_text=True)


def test_a_pooled_team_says_where_its_answers_are_counted(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    team = a_hidden_team(app, demo["wave"])
    sign_in(Role.ANALYST)
    page = client.get(f"/insights/waves/{demo['wave']}/units/{team}").get_data(as_text=True)
    found = re.search(r'<p class="no-results">([^<]+)</p>', page)
    assert found, page[:2000]
    assert re.fullmatch(
        r"Fewer than 5 people in .+ answered, so its results are counted together with "
        r"other small teams, as “other teams” in .+\.",
        found.group(1),
    ), found.group(1)
    assert "<svg" not in page and "<table" not in page


def test_heatmap_cells_carry_their_differences_and_cards_for_phones(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    page = client.get(f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}").get_data(
        as_text=True
    )
    assert "compared with Northbridge Council Children&#39;s Services" in page
    assert "since Pulse: spring 2026" in page
    assert 'class="heat__diff heat__diff--clear"' in page and "a clear rise" in page
    assert page.count('class="heat-card"') == 3
    assert re.search(r'class="heat heat--(low|moderate|high)"><span class="heat__score">', page)


def test_breakdowns_only_where_the_plan_publishes_them(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    top = f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}"
    by_role = client.get(f"{top}?by=role").get_data(as_text=True)
    assert "Who answered, by role" in by_role and "Newly qualified social worker" in by_role
    by_service = client.get(f"{top}?by=length_of_service").get_data(as_text=True)
    assert (
        "Results by length of service are not shown here: "
        "not shown: it could be combined with team results" in by_service
    )
    team = client.get(
        f"/insights/waves/{demo['wave']}/units/{demo['safeguarding']}?by=role"
    ).get_data(as_text=True)
    assert "results are broken down only for the whole organisation" in team
