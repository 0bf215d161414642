"""``/api/v1/waves/{id}/units/{id}/actions``: the action plans as the pages list them, in scope,
with only published scores; the OpenAPI document describes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.actions import measure_score
from surveyapp.domain.banks import bank_of
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.api_tokens import create_api_token
from tests.conftest import add_staff
from tests.support.plans import audited_plan


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def token_for(app: Flask) -> Callable[..., dict[str, str]]:
    def make(
        role: Role = Role.ANALYST, scope: str = "northbridge", **fields: object
    ) -> dict[str, str]:
        with app.app_context(), session_scope(app) as session:
            user = add_staff(session, role, scope, f"api-{role}-{scope}@example.test", **fields)
            token = create_api_token(
                session, app.config["TOKEN_PEPPER"], user, "t", dt.date.today()
            )
        return {"Authorization": f"Bearer {token}"}

    return make


def url(demo: dict[str, int], unit: str) -> str:
    return f"/api/v1/waves/{demo['wave']}/units/{demo[unit]}/actions"


def test_the_actions_of_a_unit_with_published_scores_only(
    app: Flask, client: FlaskClient, demo: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    body = client.get(url(demo, "children-in-care"), headers=token_for()).get_json()
    assert body["unit"]["name"] == "Children in Care and Care Leavers"
    (action,) = body["actions"]
    assert (action["status"], action["is_overdue"], action["is_carried_over"]) == (
        "done",
        False,
        True,
    )
    assert action["about"] == "Theme: Workload" and action["change"] == "up"
    assert [u["status"] for u in action["updates"]] == ["in_progress", "done"]
    then_plan, now_plan = audited_plan(app, action["wave_id"]), audited_plan(app, demo["wave"])
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, demo["wave"])
        assert wave is not None
        bank = bank_of(runtime(app).banks, wave)
    for key, plan in (("result_then", then_plan), ("result_now", now_plan)):
        score = measure_score(plan, bank, demo["children-in-care"], action["measure"])
        assert score is not None
        assert action[key]["n"] == score.n
        assert action[key]["favourable_percent"] == round(score.percent, 1)


def test_scope_holds_for_managers_and_boards(
    client: FlaskClient, demo: dict[str, int], token_for: Callable[..., dict[str, str]]
) -> None:
    manager = token_for(Role.MANAGER, "safeguarding")
    (overdue,) = client.get(url(demo, "safeguarding"), headers=manager).get_json()["actions"]
    assert overdue["is_overdue"] and overdue["status"] == "in_progress"
    assert client.get(url(demo, "northbridge"), headers=manager).get_json()["actions"] == []
    assert client.get(url(demo, "children-in-care"), headers=manager).status_code == 404
    board = token_for(Role.VIEWER, viewer_max_depth=0)
    assert client.get(url(demo, "safeguarding"), headers=board).status_code == 404
    assert client.get(url(demo, "safeguarding")).status_code == 401


def test_the_document_describes_it(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/waves/{wave_id}/units/{unit_id}/actions"]["get"]
    assert (operation["operationId"], operation["tags"]) == ("listUnitActions", ["actions"])
    schemas = document["components"]["schemas"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    listed = schemas[body["$ref"].rsplit("/", 1)[-1]]["properties"]["actions"]["items"]
    item = schemas[listed["$ref"].rsplit("/", 1)[-1]]
    assert {"status", "due_on", "is_overdue", "result_then", "result_now", "updates"} <= set(
        item["properties"]
    )
