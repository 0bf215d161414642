"""One scope rule on every page: a reader scoped above the unit a wave was run for reads it.

A wave run for one service, read by someone scoped to the whole organisation, is in their scope
on the dashboard, the exports, the API, the board view and the participation page alike; a
reader scoped to a sibling service gets 404 from all of them (its existence is not confirmed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.submission import check_submission
from surveyapp.runtime import runtime
from surveyapp.services.responses import record_responses
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import close_wave, create_wave, open_wave
from tests.admin.support import COUNCIL

STAFF = (Role.ADMIN, Role.ANALYST, Role.VIEWER)


def closed_service_wave(app: Flask) -> tuple[int, int]:
    """A closed wave run for the Family Help service alone, with results: (wave, service)."""
    with app.app_context(), session_scope(app) as session:
        import_units_csv(session, COUNCIL)
        bank = runtime(app).banks["social-work-pulse"]
        service = unit_by_key(session, "svc")
        assert service is not None
        today = dt.date.today()
        wave = create_wave(session, bank, service, "Family Help pulse", today)
        open_wave(session, wave, 5, 10, today)
        answers = check_submission(bank, {"morale_valued_v1": "4", "role": "social_worker"})
        teams = [unit_by_key(session, key) for key in ("team-a", "team-b")]
        batch = [(team.id, answers) for team in teams if team is not None for _ in range(6)]
        cipher = runtime(app).answer_cipher
        record_responses(session, wave.id, bank, batch, cipher)
        close_wave(session, wave, today, cipher)
        return wave.id, service.id


def pages(role: Role, wave_id: int, unit_id: int) -> list[str]:
    unit = f"waves/{wave_id}/units/{unit_id}"
    paths = [
        f"/insights/{unit}",
        f"/insights/{unit}/export.csv",
        f"/insights/{unit}/export.xlsx",
        f"/api/v1/{unit}/results",
        f"/api/v1/{unit}/trends",
        f"/api/v1/waves/{wave_id}/units",
        f"/board/{unit}",
    ]
    return paths + [f"/admin/waves/{wave_id}/participation"] if role is Role.ADMIN else paths


CASES = [(role, "org", 200) for role in STAFF] + [(role, "care", 404) for role in STAFF]


@pytest.mark.parametrize(
    ("role", "scope", "status"),
    CASES,
    ids=[
        f"{role.value}-{'organisation' if scope == 'org' else 'sibling'}"
        for role, scope, _ in CASES
    ],
)
def test_one_answer_from_every_page_for_a_wave_run_for_one_service(
    app: Flask,
    client: FlaskClient,
    sign_in: Callable[..., object],
    role: Role,
    scope: str,
    status: int,
) -> None:
    """Scoped to the organisation above the wave's root: 200 everywhere; to a sibling service:
    404 everywhere (the wave's redirect included)."""
    wave_id, service_id = closed_service_wave(app)
    sign_in(role, scope)
    statuses = {path: client.get(path).status_code for path in pages(role, wave_id, service_id)}
    assert statuses == dict.fromkeys(statuses, status)
    opened = client.get(f"/insights/waves/{wave_id}")
    assert opened.status_code == (302 if status == 200 else 404)


@pytest.mark.parametrize("role", STAFF, ids=[role.value for role in STAFF])
def test_the_wave_is_listed_with_the_unit_to_open(
    app: Flask, client: FlaskClient, sign_in: Callable[..., object], role: Role
) -> None:
    wave_id, service_id = closed_service_wave(app)
    sign_in(role, "org")
    assert wave_id in [wave["id"] for wave in client.get("/api/v1/waves").get_json()["waves"]]
    for listing in ("/insights/", "/board/"):
        page = client.get(listing).get_data(as_text=True)
        assert f"{listing}waves/{wave_id}/units/{service_id}" in page
