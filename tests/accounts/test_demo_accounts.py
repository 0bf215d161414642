"""``surveyapp demo`` creates its demo accounts and prints their passwords once."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.cli import demo as demo_cli
from surveyapp.database import session_scope
from surveyapp.demo import DemoSummary
from surveyapp.domain.roles import Role
from surveyapp.models import User
from surveyapp.services.units import import_units_csv

from .support import sign_in

ROW = re.compile(r"^\s+(admin|analyst|viewer)\s+(\S+@northbridge\.example)\s+(\S+)$", re.M)


def small_northbridge(session: Session, *_args: object) -> DemoSummary:
    """Stands in for the full demo loader (tested in tests/demo): just the organisation."""
    import_units_csv(
        session,
        "key,name,parent_key,headcount\nnorthbridge,Northbridge,,3\nsvc,Svc,northbridge,4\n",
    )
    return DemoSummary(units=2, waves=0, responses=0)


def test_demo_prints_accounts_that_can_sign_in(
    sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_cli, "load_demo", small_northbridge)
    runner = sqlite_app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    rows = ROW.findall(result.output)
    accounts = {email: password for _role, email, password in rows}
    assert sorted((role, email) for role, email, _ in rows) == [
        ("admin", "admin@northbridge.example"),
        ("admin", "invitations@northbridge.example"),  # the demo's issuer (issue 20)
        ("analyst", "analyst@northbridge.example"),
        ("viewer", "board@northbridge.example"),
    ]

    with sqlite_app.app_context(), session_scope(sqlite_app) as session:
        users = {u.role: u for u in session.scalars(select(User))}
        assert {u.scope_unit.key for u in users.values()} == {"northbridge"}
        viewer = users[Role.VIEWER]
        assert (viewer.viewer_max_depth, viewer.can_see_comments) == (1, False)
        for password in accounts.values():
            assert all(password not in u.password_hash for u in users.values())

    for email, password in accounts.items():
        response = sign_in(sqlite_app.test_client(), email, password, "/account")
        assert response.status_code == 303, email

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "already has units" in again.output
    assert "surveyapp users add --email" in again.output and "--scope northbridge" in again.output
    assert not ROW.search(again.output)
