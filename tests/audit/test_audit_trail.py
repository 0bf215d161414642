"""The audit trail records staff activity and detects edits, deletions and reordering."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select, update

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry, Role
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
