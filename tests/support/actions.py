"""A council with closed, answered waves and its staff, for tests of action plans.

Test Council > Family Help (Team A: 8 answer, Team B: 6 answer) and Children in Care (Team C:
3 answer, too few to be published). In Team A only three answer "I can raise a concern", so
that question is suppressed there (and its theme, trust, with it) while the others are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import Flask
from sqlalchemy.orm import Session

from surveyapp.domain.banks import bank_of
from surveyapp.domain.roles import Role
from surveyapp.domain.submission import check_submission
from surveyapp.models import User, Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, current_plan
from surveyapp.services.responses import record_responses
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import close_wave, create_wave, open_wave
from tests.admin.support import COUNCIL
from tests.conftest import add_staff
from tests.support.sealed import TEST_CIPHER

PEOPLE = {"team-a": 8, "team-b": 6, "team-c": 3}
FEW_ANSWER = "trust_speak_up_v1"
"""Only three people in Team A answer this one."""
FIRST = (dt.date(2026, 4, 13), dt.date(2026, 5, 1))
SECOND = (dt.date(2026, 7, 6), dt.date(2026, 7, 24))
NOW = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def answered_wave(
    app: Flask,
    session: Session,
    name: str,
    dates: tuple[dt.date, dt.date] = FIRST,
    values: Mapping[str, str] | None = None,
    *,
    close: bool = True,
) -> Wave:
    """A wave of the whole council in which everyone agrees (4) unless ``values`` says
    otherwise, by question key; closed (and its plan stored) unless told."""
    if unit_by_key(session, "org") is None:
        import_units_csv(session, COUNCIL)
    banks = runtime(app).banks
    root = unit_by_key(session, "org")
    assert root is not None
    wave = create_wave(session, banks["social-work-pulse"], root, name, dates[1])
    open_wave(session, wave, 5, 10, dates[0])
    bank = bank_of(banks, wave)
    agreement = [q.key for q in bank.questions if q.kind.value == "agreement"]
    batch = []
    for key, count in PEOPLE.items():
        unit = unit_by_key(session, key)
        assert unit is not None
        for person in range(count):
            answers = {q: (values or {}).get(q, "4") for q in agreement}
            if key == "team-a" and person >= 3:
                del answers[FEW_ANSWER]
            batch.append((unit.id, check_submission(bank, answers)))
    record_responses(session, wave.id, bank, batch, runtime(app).answer_cipher)
    if close:
        close_wave(session, wave, dates[1], runtime(app).answer_cipher)
        current_plan(session, wave, bank, PlanSettings(answer_cipher=TEST_CIPHER))
    return wave


def unit_id(session: Session, key: str) -> int:
    unit = unit_by_key(session, key)
    assert unit is not None
    return unit.id


def staff(session: Session) -> dict[str, User]:
    """An analyst of the whole council, one of Children in Care, a board viewer, an admin, and
    the managers of Team A, Team B and Family Help."""
    made = {
        "analyst": add_staff(session, Role.ANALYST, "org", "analyst@example.org"),
        "care_analyst": add_staff(session, Role.ANALYST, "care", "care@example.org"),
        "viewer": add_staff(session, Role.VIEWER, "org", "board@example.org", viewer_max_depth=5),
        "admin": add_staff(session, Role.ADMIN, "org", "admin@example.org"),
        "manager_a": add_staff(session, Role.MANAGER, "team-a", "a.manager@example.org"),
        "manager_b": add_staff(session, Role.MANAGER, "team-b", "b.manager@example.org"),
        "manager_svc": add_staff(session, Role.MANAGER, "svc", "svc.manager@example.org"),
    }
    return made
