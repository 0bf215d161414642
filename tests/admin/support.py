"""A council with two services and an open wave with responses, for admin pages."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from surveyapp.database import session_scope
from surveyapp.domain.submission import check_submission
from surveyapp.runtime import runtime
from surveyapp.services.responses import record_responses
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import create_wave, open_wave

COUNCIL = """key,name,parent_key,headcount
org,Test Council,,2
svc,Family Help,org,1
team-a,Team A,svc,8
team-b,Team B,svc,6
care,Children in Care,org,0
team-c,Team C,care,5
"""
# responses per unit: team-b has a team link that went further than the team
RESPONSES = {"org": 1, "svc": 0, "team-a": 6, "team-b": 9, "care": 0, "team-c": 2}


def open_wave_with_responses(app: Flask, name: str = "Pulse: spring") -> int:
    with app.app_context(), session_scope(app) as session:
        if unit_by_key(session, "org") is None:
            import_units_csv(session, COUNCIL)
        bank = runtime(app).banks["social-work-pulse"]
        root = unit_by_key(session, "org")
        assert root is not None
        wave = create_wave(session, bank, root, name, dt.date(2026, 5, 1))
        open_wave(session, wave, 5, 10, dt.date(2026, 4, 13))
        empty = check_submission(bank, {})
        batch = [
            (unit.id, empty)
            for key, count in RESPONSES.items()
            if (unit := unit_by_key(session, key)) is not None
            for _ in range(count)
        ]
        record_responses(session, wave.id, bank, batch, runtime(app).answer_cipher)
        return wave.id
