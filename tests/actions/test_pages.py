"""Action plans through their pages: record, update, refuse bad input and crafted forms with a
clear message and nothing stored, and keep managers to their own team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.disclosure import measures
from surveyapp.domain.roles import Role
from surveyapp.models import Action, ActionUpdate, AuditEntry, User
from tests.conftest import add_staff
from tests.support.actions import FEW_ANSWER, answered_wave, staff, unit_id
from tests.support.staff import sign_in_directly

WORKLOAD = measures.theme("workload")


@pytest.fixture
def world(app: Flask) -> Iterator[dict[str, int]]:
    """A closed wave of the test council, its staff and unit ids."""
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF is proven for every form in tests/accounts
    with app.app_context(), session_scope(app) as session:
        wave = answered_wave(app, session, "Pulse: spring")
        people = staff(session)
        ids = {key: unit_id(session, key) for key in ("org", "svc", "team-a", "team-b", "team-c")}
        ids |= {f"user:{key}": user.id for key, user in people.items()}
        ids["wave"] = wave.id
    yield ids


def as_(app: Flask, world: dict[str, int], who: str) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(app, client, world[f"user:{who}"])
    return client


def due(days: int = 60) -> dict[str, str]:
    day = dt.date.today() + dt.timedelta(days=days)
    return {
        "due_on-day": str(day.day),
        "due_on-month": str(day.month),
        "due_on-year": str(day.year),
    }


def form(world: dict[str, int], **changes: str) -> dict[str, str]:
    """A good form, with ``changes``; an owner named "user:<who>" is that person's id."""
    data = {
        "measure": WORKLOAD,
        "description": "Cap caseloads at 18 per worker",
        "owner": "user:manager_a",
        **due(),
        **changes,
    }
    if data["owner"].startswith("user:"):
        data["owner"] = str(world[data["owner"]])
    return data


def stored(app: Flask) -> tuple[int, int, int]:
    with app.app_context(), session_scope(app) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Action, ActionUpdate, AuditEntry)
        )


def new_url(world: dict[str, int], unit: str = "team-a") -> str:
    return f"/actions/waves/{world['wave']}/units/{world[unit]}/new"


def test_an_analyst_records_an_action_and_a_manager_sees_it_through(
    app: Flask, world: dict[str, int]
) -> None:
    analyst = as_(app, world, "analyst")
    page = analyst.get(new_url(world)).get_data(as_text=True)
    assert "Theme: Workload (100% favourable)" in page
    assert FEW_ANSWER not in page and "Theme: Trust in managers" not in page  # suppressed
    assert 'value="manager_a' not in page and "a.manager@example.org" in page
    assert "care@example.org" not in page and "board@example.org" not in page  # cannot own it

    created = analyst.post(new_url(world), data=form(world))
    assert created.status_code == 303
    detail = created.headers["Location"]
    manager = as_(app, world, "manager_a")
    shown = manager.get(detail).get_data(as_text=True)
    assert "Cap caseloads at 18 per worker" in shown and "Planned" in shown
    assert "Add an update" in shown

    for data in (
        {"text": "Two posts advertised", "status": "in_progress"},
        {"text": "Both filled", "status": "done"},
    ):
        assert manager.post(detail, data=data).status_code == 303
    closed = manager.get(detail).get_data(as_text=True)
    assert "Two posts advertised" in closed and "Both filled" in closed
    assert "so it takes no more updates" in closed and "Add an update" not in closed
    before = stored(app)
    again = manager.post(detail, data={"text": "One more thing"})
    assert again.status_code == 400
    assert "This action is done, so it takes no more updates" in again.get_data(as_text=True)
    assert stored(app) == before

    dashboard = manager.get(f"/insights/waves/{world['wave']}/units/{world['team-a']}")
    text = dashboard.get_data(as_text=True)
    assert "Action plans" in text and "Cap caseloads at 18 per worker" in text
    assert "Record an action" in text  # their own team


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"measure": measures.question(FEW_ANSWER)}, "Choose a result that is published"),
        ({"measure": measures.theme("trust")}, "Choose a result that is published"),
        ({"measure": "theme:invented"}, "Choose a result that is published"),
        ({"measure": ""}, "Choose the result the action is about"),
        ({"owner": "user:care_analyst"}, "Choose an owner who can see this unit"),
        ({"owner": "user:viewer"}, "Choose an owner who can see this unit"),
        ({"owner": "user:manager_b"}, "Choose an owner who can see this unit"),
        ({"owner": "not-a-number"}, "Choose an owner who can see this unit"),
        ({"owner": ""}, "Choose an owner"),
        ({"description": "   "}, "Enter what will change"),
        ({"description": "x" * 501}, "What will change? must be 500 characters or fewer"),
        (due(-1), "The due date must be today or in the future"),
        ({"due_on-day": "31", "due_on-month": "2"}, "Due date must be a real date"),
        (
            {"due_on-day": "", "due_on-month": "", "due_on-year": ""},
            "Enter the date the action is due",
        ),
    ],
)
def test_bad_input_and_crafted_forms_say_what_is_wrong_and_store_nothing(
    app: Flask, world: dict[str, int], changes: dict[str, str], message: str
) -> None:
    analyst = as_(app, world, "analyst")
    data = form(world, **changes)
    before = stored(app)
    response = analyst.post(new_url(world), data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert stored(app) == before
    if data["description"].strip() and len(data["description"]) <= 500:
        assert data["description"] in page  # what was typed is kept


def test_a_manager_cannot_act_outside_their_team(app: Flask, world: dict[str, int]) -> None:
    manager = as_(app, world, "manager_a")
    before = stored(app)
    # a sibling team is not theirs to see: its existence is not even confirmed
    assert manager.get(new_url(world, "team-b")).status_code == 404
    assert manager.post(new_url(world, "team-b"), data=form(world)).status_code == 404
    # the service above them they may read, but not act on
    refused = manager.post(new_url(world, "svc"), data=form(world))
    assert refused.status_code == 403
    assert "only for your own team" in refused.get_data(as_text=True)
    assert stored(app) == before
    service = manager.get(f"/insights/waves/{world['wave']}/units/{world['svc']}")
    assert service.status_code == 200 and "Record an action" not in service.get_data(as_text=True)

    with app.app_context(), session_scope(app) as session:
        analyst = session.get(User, world["user:analyst"])
        assert analyst is not None
        theirs = Action(
            wave_id=world["wave"],
            unit_id=world["team-b"],
            measure=WORKLOAD,
            description="Team B's action",
            owner_id=world["user:manager_b"],
            due_on=dt.date.today(),
            status=ActionStatus.PLANNED,
            created_by_id=analyst.id,
            created_at=dt.datetime.now(dt.UTC),
        )
        session.add(theirs)
        session.flush()
        other = theirs.id
    before = stored(app)
    assert manager.get(f"/actions/{other}").status_code == 404
    assert manager.post(f"/actions/{other}", data={"text": "Not mine"}).status_code == 404
    assert stored(app) == before


def test_managers_see_no_comments_and_no_participation(app: Flask, world: dict[str, int]) -> None:
    manager = as_(app, world, "manager_a")
    dashboard = manager.get(f"/insights/waves/{world['wave']}/units/{world['team-a']}")
    assert "Your account does not include comments." in dashboard.get_data(as_text=True)
    comments = f"/insights/waves/{world['wave']}/units/{world['team-a']}/comments"
    assert manager.get(comments).status_code == 403
    assert manager.get(f"/admin/waves/{world['wave']}/participation").status_code == 403
    assert manager.get("/admin/").status_code == 403


def test_a_small_teams_manager_sees_no_count_below_k(app: Flask, world: dict[str, int]) -> None:
    """Team C has three responses: its manager is told it has fewer than 5, and no number."""
    with app.app_context(), session_scope(app) as session:
        manager = add_staff(session, Role.MANAGER, "team-c", "c.manager@example.org")
    client = app.test_client()
    sign_in_directly(app, client, manager.id)
    page = client.get(f"/insights/waves/{world['wave']}/units/{world['team-c']}").get_data(
        as_text=True
    )
    assert "Fewer than 5 people in" in page
    assert "<dd>3" not in page and "3 responses" not in page
    record = client.get(new_url(world, "team-c")).get_data(as_text=True)
    assert "nothing an action can be recorded against here yet" in record


def test_the_audit_trail_names_who_recorded_and_updated(app: Flask, world: dict[str, int]) -> None:
    analyst = as_(app, world, "analyst")
    detail = analyst.post(new_url(world), data=form(world)).headers["Location"]
    analyst.post(detail, data={"text": "", "status": "dropped", "dropped_reason": "No budget"})
    with app.app_context(), session_scope(app) as session:
        entries = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.unit_id)
            .where(AuditEntry.action.in_(["action_recorded", "action_status_changed"]))
            .order_by(AuditEntry.sequence)
        ).all()
    assert [tuple(e) for e in entries] == [
        ("analyst@example.org", "action_recorded", world["team-a"]),
        ("analyst@example.org", "action_status_changed", world["team-a"]),
    ]
