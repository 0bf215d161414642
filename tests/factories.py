"""Small builders for test data, going through the real services (flush, never commit)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import Unit, Wave
from surveyapp.runtime import runtime
from surveyapp.services.api_tokens import create_api_token
from surveyapp.services.invitations import issue_invitations, issue_team_link
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.users import add_user, existing_user
from surveyapp.services.waves import create_wave, open_wave

SMALL_COUNCIL = """key,name,parent_key,headcount
org,Test Council,,2
svc,Test Service,org,1
team-a,Team A,svc,8
team-b,Team B,svc,6
"""


def open_test_wave(session: Session, app: Flask, name: str = "Pulse: test") -> Wave:
    if unit_by_key(session, "org") is None:
        import_units_csv(session, SMALL_COUNCIL)
    root = unit_by_key(session, "org")
    assert root is not None
    bank = runtime(app).banks["social-work-pulse"]
    wave = create_wave(session, bank, root, name, dt.date.today() + dt.timedelta(days=14))
    open_wave(session, wave, 5, 10, dt.date.today())
    return wave


def wave_with_invitations(
    app: Flask, count: int = 3, unit: str = "team-a"
) -> tuple[int, list[str]]:
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        team = unit_by_key(session, unit)
        assert team is not None
        tokens = issue_invitations(session, wave, team, count, app.config["TOKEN_PEPPER"])
        return wave.id, tokens


def wave_with_team_link(app: Flask, unit: str = "team-b") -> tuple[int, str]:
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        team = unit_by_key(session, unit)
        assert team is not None
        return wave.id, issue_team_link(session, wave, team, app.config["TOKEN_PEPPER"])


def staff_of_every_role(
    session: Session, pepper: str, scope: Unit, prefix: str, label: str
) -> tuple[dict[Role, str], dict[Role, str]]:
    """One account per role, scoped to ``scope``, each with an API token: (emails, tokens)."""
    emails, tokens = {}, {}
    for role in Role:
        email = f"{prefix}{role.value}@example.org"
        add_user(
            session,
            email,
            role,
            scope,
            viewer_max_depth=10 if role is Role.VIEWER else None,
            can_see_comments=True,
        )
        emails[role] = email
        tokens[role] = create_api_token(
            session, pepper, existing_user(session, email), label, dt.date.today()
        )
    return emails, tokens
