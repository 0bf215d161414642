"""Recurring pulse pages: a schedule set up (made by the next tick), its bad inputs (an overlap
refused with the reason), and stopping it."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import PulseSchedule
from surveyapp.runtime import runtime
from surveyapp.services.scheduling import run_tick

from .support import Admin
from .test_waves import date_fields, new_wave, unit_id

TODAY = dt.date.today()


def new_pulse(admin: Admin, root: int, first: dt.date | None = TODAY, **fields: str):
    data = {
        "name_pattern": "Pulse {month}",
        "bank": "social-work-pulse",
        "root_unit": str(root),
        "every": "1",
        "period": "months",
        "open_days": "14",
        **date_fields("first_opens_on", first),
        **fields,
    }
    return admin.post("/admin/pulses/new", data)


def test_a_pulse_is_set_up_made_by_the_tick_and_stopped(app: Flask) -> None:
    admin = Admin(app)
    assert "Pulse {month}" in admin.page("/admin/pulses/new")
    response = new_pulse(admin, unit_id(app, "org"))
    assert response.status_code == 303 and response.headers["Location"] == "/admin/pulses/"
    page = admin.page("/admin/pulses/")
    assert "Recurring pulse set up" in page and "every 1 month" in page and "None yet" in page
    with app.app_context(), session_scope(app) as session:
        run_tick(session, runtime(app).banks, 5, 10, TODAY, runtime(app).answer_cipher)
    page = admin.page("/admin/pulses/")
    assert f"Pulse {TODAY:%B %Y}" in page and "None yet" not in page
    with app.app_context(), session_scope(app) as session:
        schedule = session.scalars(select(PulseSchedule)).one()
        schedule_id = schedule.id
    assert admin.post(f"/admin/pulses/{schedule_id}/stop").status_code == 400
    assert admin.post(f"/admin/pulses/{schedule_id}/stop", {"confirm": "yes"}).status_code == 303
    assert "Stopped" in admin.page("/admin/pulses/")


@pytest.mark.parametrize(
    ("fields", "message", "link"),
    [
        ({"open_days": "40"}, "each pulse would overlap the next", "open_days"),
        ({"every": "0"}, "Repeat every 1 to 12 months", "every"),
        ({"every": "two"}, "Repeat every must be a whole number, like 2", "every"),
        ({"name_pattern": "Pulse {year}"}, "{year} cannot be in a name", "name_pattern"),
        ({"bank": "nope"}, "Choose a question bank from the list", "bank-1"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(
    app: Flask, fields: dict, message: str, link: str
) -> None:
    admin = Admin(app)
    response = new_pulse(admin, unit_id(app, "org"), **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{link}">' in page and message in page
    with app.app_context(), session_scope(app) as session:
        assert session.scalars(select(PulseSchedule)).first() is None


def test_a_schedule_overlapping_a_wave_already_open_is_refused(app: Flask) -> None:
    admin = Admin(app)
    new_wave(admin, unit_id(app, "org"), closes=TODAY + dt.timedelta(10))
    response = new_pulse(admin, unit_id(app, "org"), TODAY + dt.timedelta(5))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#first_opens_on-day">' in page and "Pulse: spring is open or planned" in page
    assert new_pulse(admin, unit_id(app, "org"), TODAY + dt.timedelta(11)).status_code == 303


def test_first_date_in_the_past_and_another_admins_pulse(app: Flask) -> None:
    admin = Admin(app)
    response = new_pulse(admin, unit_id(app, "org"), TODAY - dt.timedelta(1))
    assert "The first opening date must be today or in the future" in response.get_data(
        as_text=True
    )
    assert new_pulse(admin, unit_id(app, "care")).status_code == 303
    with app.app_context(), session_scope(app) as session:
        schedule_id = session.scalars(select(PulseSchedule)).one().id
    other = Admin(app, scope="svc")
    assert "Children in Care" not in other.page("/admin/pulses/")
    assert other.post(f"/admin/pulses/{schedule_id}/stop", {"confirm": "yes"}).status_code == 404
    assert new_pulse(other, unit_id(app, "care")).status_code == 404
