"""The audit trail records staff activity and detects edits, deletions and reordering."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select, update

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import AuditEntry
from surveyapp.services.audit import record, verify


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


def entries(app: Flask) -> list[tuple[str, str, int | None]]:
    with app.app_context(), session_scope(app) as session:
        return [
            (e.actor, e.action, e.unit_id)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
        ]


def test_views_exports_and_api_reads_are_recorded(
    app: Flask,
    client: FlaskClient,
    demo: dict[str, int],
    sign_in: Callable[..., object],
) -> None:
    user = sign_in(Role.ANALYST)
    base = f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}/export.csv").status_code == 200
    assert client.get("/respond-nowhere").status_code == 404
    recorded = entries(app)
    assert (user.email, "insights.dashboard", demo["northbridge"]) in recorded  # type: ignore[attr-defined]
    assert (user.email, "insights.export", demo["northbridge"]) in recorded  # type: ignore[attr-defined]


def test_respondents_never_appear(app: Flask, client: FlaskClient) -> None:
    client.get("/")
    client.get("/code")
    assert entries(app) == []


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "truncate"])
def test_tampering_is_detected(app: Flask, runner: FlaskCliRunner, tamper: str) -> None:
    with app.app_context(), session_scope(app) as session:
        for n in range(4):
            record(session, f"user{n}@example.test", "insights.dashboard", 1, n + 1)
    assert runner.invoke(args=["audit", "verify"]).output.strip() == "Audit trail intact."
    with app.app_context(), session_scope(app) as session:
        if tamper == "edit":
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.sequence == 2)
                .values(actor="someone-else@example.test")
            )
        elif tamper == "delete":
            session.delete(session.get(AuditEntry, 3))
        elif tamper == "reorder":
            session.execute(update(AuditEntry).where(AuditEntry.sequence == 2).values(sequence=99))
            session.execute(update(AuditEntry).where(AuditEntry.sequence == 3).values(sequence=2))
            session.execute(update(AuditEntry).where(AuditEntry.sequence == 99).values(sequence=3))
        else:
            session.delete(session.get(AuditEntry, 4))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1, result.output
    with app.app_context(), session_scope(app) as session:
        assert verify(session)


def test_summary_page_for_admins_and_viewers(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ADMIN)
    page = client.get("/audit/")
    assert page.status_code == 200 and "The audit trail is intact" in page.get_data(as_text=True)


def trail_as(
    app: Flask, sign_in: Callable[..., object], role: Role, scope: str, **fields: object
) -> str:
    client = app.test_client()
    sign_in(role, scope, client=client, **fields)
    response = client.get("/audit/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def colleagues_trail(app: Flask, demo: dict[str, int]) -> dict[str, str]:
    """Entries by other staff: about a team, about another service, about no unit."""
    wave = demo["wave"]
    written = {
        "team": ("in-team@example.test", "insights.dashboard", wave, demo["safeguarding-01"]),
        "other service": (
            "in-care@example.test",
            "insights.export",
            wave,
            demo["children-in-care"],
        ),
        "sign-in": ("signing-in@example.test", "sign_in", None, None),
        "whole wave": ("listing@example.test", "api.units", wave, None),
    }
    with app.app_context(), session_scope(app) as session:
        for actor, action, wave_id, unit_id in written.values():
            record(session, actor, action, wave_id, unit_id)
    return {name: entry[0] for name, entry in written.items()}


def test_a_team_scoped_viewer_sees_only_entries_about_units_they_may_see(
    app: Flask, sign_in: Callable[..., object], colleagues_trail: dict[str, str]
) -> None:
    page = trail_as(app, sign_in, Role.VIEWER, "safeguarding-01", viewer_max_depth=0)
    assert colleagues_trail["team"] in page
    for hidden in ("other service", "sign-in", "whole wave"):
        assert colleagues_trail[hidden] not in page, hidden
    assert "The audit trail is intact" in page


def test_a_service_scoped_admin_sees_their_service_only(
    app: Flask, sign_in: Callable[..., object], colleagues_trail: dict[str, str]
) -> None:
    page = trail_as(app, sign_in, Role.ADMIN, "safeguarding")
    assert colleagues_trail["team"] in page
    assert colleagues_trail["other service"] not in page
    assert colleagues_trail["sign-in"] not in page


def test_readers_scoped_to_the_organisation_see_the_whole_trail(
    app: Flask, sign_in: Callable[..., object], colleagues_trail: dict[str, str]
) -> None:
    for role, fields in ((Role.ADMIN, {}), (Role.VIEWER, {"viewer_max_depth": 10})):
        page = trail_as(app, sign_in, role, "northbridge", **fields)
        for name, actor in colleagues_trail.items():
            assert actor in page, (role, name)


def test_the_chain_verdict_is_shown_to_a_team_scoped_reader(
    app: Flask, sign_in: Callable[..., object], colleagues_trail: dict[str, str]
) -> None:
    with app.app_context(), session_scope(app) as session:
        session.execute(update(AuditEntry).where(AuditEntry.sequence == 2).values(actor="x"))
    page = trail_as(app, sign_in, Role.VIEWER, "safeguarding-01", viewer_max_depth=0)
    assert "The audit trail has been changed" in page
    assert colleagues_trail["other service"] not in page
