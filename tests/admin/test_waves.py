"""Wave pages: a new wave opened now or planned, with its bad inputs; the bank's questions; a
draft opened by hand; a wave closed early after a confirmation; a closed wave never reopened."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry, Wave, WaveState
from surveyapp.services.units import unit_by_key

from .support import Admin

TODAY = dt.date.today()


def date_fields(prefix: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {}
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def unit_id(app: Flask, key: str) -> int:
    with app.app_context(), session_scope(app) as session:
        unit = unit_by_key(session, key)
        assert unit is not None
        return unit.id


def new_wave(
    admin: Admin,
    root: int,
    *,
    when: str = "now",
    opens: dt.date | None = None,
    closes: dt.date | None = TODAY + dt.timedelta(14),
    **extra: str,
):
    data = {
        "name": "Pulse: spring",
        "bank": "social-work-pulse",
        "root_unit": str(root),
        "when": when,
        **date_fields("opens_on", opens),
        **date_fields("closes_on", closes),
        **extra,
    }
    return admin.post("/admin/waves/new", data)


def the_wave(app: Flask) -> Wave:
    with app.app_context(), session_scope(app) as session:
        wave = session.scalars(select(Wave)).one()
        session.expunge(wave)
        return wave


def test_a_wave_opened_now(app: Flask) -> None:
    admin = Admin(app)
    form = admin.page("/admin/waves/new")
    assert 'name="opens_on-day"' in form and "Social work pulse" in form
    response = new_wave(admin, unit_id(app, "org"))
    assert response.status_code == 303
    wave = the_wave(app)
    assert response.headers["Location"] == f"/admin/waves/{wave.id}"
    assert (wave.state, wave.opens_on, wave.min_group_size) == (WaveState.OPEN, TODAY, 5)
    page = admin.page(f"/admin/waves/{wave.id}")
    assert "Pulse: spring is open." in page and "Close the wave" in page
    with app.app_context(), session_scope(app) as session:
        actions = [
            e.action
            for e in session.scalars(select(AuditEntry))
            if not e.action.startswith("admin.")
        ]
    assert actions == ["wave.open"]


def test_a_planned_wave_shows_its_questions_and_can_be_opened_by_hand(app: Flask) -> None:
    admin = Admin(app)
    opens = TODAY + dt.timedelta(3)
    response = new_wave(admin, unit_id(app, "svc"), when="later", opens=opens)
    assert response.status_code == 303
    wave = the_wave(app)
    assert (wave.state, wave.opens_on) == (WaveState.DRAFT, opens)
    page = admin.page(f"/admin/waves/{wave.id}")
    assert "planned to open on" in page and "It opens by itself on" in page
    assert "The questions" in page and "Page 1" in page and "reverse scored" in page
    assert "Planned waves" in admin.page("/admin/")
    confirm = admin.page(f"/admin/waves/{wave.id}/open")
    assert "5 people for scores" in confirm
    assert admin.post(f"/admin/waves/{wave.id}/open").status_code == 400, "no confirmation"
    response = admin.post(f"/admin/waves/{wave.id}/open", {"confirm": "yes"})
    assert response.status_code == 303
    assert the_wave(app).state is WaveState.OPEN and the_wave(app).opens_on == TODAY


@pytest.mark.parametrize(
    ("change", "message", "link"),
    [
        (
            {"closes": TODAY - dt.timedelta(1)},
            "The closing date must be today or in the future",
            "closes_on-day",
        ),
        (
            {"when": "later", "opens": TODAY + dt.timedelta(9), "closes": TODAY + dt.timedelta(5)},
            "The closing date must be the same as or after the opening date",
            "closes_on-day",
        ),
        ({"when": "later"}, "Enter the opening date, or choose to open it now", "opens_on-day"),
        (
            {"when": "later", "opens": TODAY - dt.timedelta(2)},
            "The opening date must be today or in the future",
            "opens_on-day",
        ),
        ({"closes": None}, "Enter the closing date", "closes_on-day"),
        ({"bank": "no-such-bank"}, "Choose a question bank from the list", "bank-1"),
        ({"name": "  "}, "Enter a name for the wave", "name"),
        ({"when": ""}, "Choose when the wave opens", "when-1"),
    ],
)
def test_bad_input_is_named_and_what_was_typed_is_kept(
    app: Flask, change: dict, message: str, link: str
) -> None:
    admin = Admin(app)
    arguments = {k: v for k, v in change.items() if k in ("when", "opens", "closes")}
    extra = {k: v for k, v in change.items() if k not in arguments}
    response = new_wave(admin, unit_id(app, "org"), **arguments, **extra)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{link}">{message}</a>' in page
    assert "<title>Error:" in page
    if "name" not in extra:
        assert 'value="Pulse: spring"' in page
    with app.app_context(), session_scope(app) as session:
        assert session.scalars(select(Wave)).first() is None


def test_a_half_typed_date_says_which_part_is_missing(app: Flask) -> None:
    admin = Admin(app)
    response = new_wave(
        admin, unit_id(app, "org"), closes=None, **{"closes_on-day": "3", "closes_on-year": "2027"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#closes_on-month">Closing date must include a month</a>' in page
    assert 'name="closes_on-day" type="text" inputmode="numeric" value="3"' in page


def test_a_unit_outside_the_admins_units_is_not_found(app: Flask) -> None:
    admin = Admin(app, scope="svc")
    assert new_wave(admin, unit_id(app, "care")).status_code == 404
    assert "Children in Care" not in admin.page("/admin/waves/new")


def test_closing_early_asks_first_and_a_closed_wave_is_never_reopened(app: Flask) -> None:
    admin = Admin(app)
    new_wave(admin, unit_id(app, "org"))
    wave = the_wave(app)
    confirm = admin.page(f"/admin/waves/{wave.id}/close")
    assert "A closed wave cannot be opened again" in confirm
    assert the_wave(app).state is WaveState.OPEN, "asking is not closing"
    response = admin.post(f"/admin/waves/{wave.id}/close", {"confirm": "yes"})
    assert response.status_code == 303
    assert the_wave(app).state is WaveState.CLOSED
    page = admin.page(f"/admin/waves/{wave.id}")
    assert "is closed. No more answers can be sent." in page and "Opening it again" in page
    for method in ("get", "post"):
        refused = getattr(admin, method)(f"/admin/waves/{wave.id}/open")
        assert refused.status_code == 409
        text = refused.get_data(as_text=True)
        assert (
            "A closed wave cannot be opened again" in text
            and "results may have been published" in text
        )
    assert admin.post(f"/admin/waves/{wave.id}/close", {"confirm": "yes"}).status_code == 409
    assert the_wave(app).state is WaveState.CLOSED


def test_opening_a_wave_that_is_not_a_draft_is_refused(app: Flask) -> None:
    admin = Admin(app)
    new_wave(admin, unit_id(app, "org"))
    wave = the_wave(app)
    response = admin.post(f"/admin/waves/{wave.id}/open", {"confirm": "yes"})
    assert response.status_code == 409 and "is already open" in response.get_data(as_text=True)


def test_the_bank_page_and_an_unknown_bank(app: Flask) -> None:
    admin = Admin(app)
    page = admin.page("/admin/banks/social-work-pulse")
    assert re.search(r"\d+ questions on 3 pages", page)
    assert admin.get("/admin/banks/no-such-bank").status_code == 404


def test_another_admins_wave_is_not_found(app: Flask) -> None:
    top = Admin(app, email="top@example.org")
    new_wave(top, unit_id(app, "org"))
    wave = the_wave(app)
    service = Admin(app, scope="svc")
    for path in (f"/admin/waves/{wave.id}", f"/admin/waves/{wave.id}/close"):
        assert service.get(path).status_code == 404
    assert service.post(f"/admin/waves/{wave.id}/close", {"confirm": "yes"}).status_code == 404
