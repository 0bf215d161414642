"""The workforce figures form: entered per wave and unit, shown as entered, checked, cleared."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask

from surveyapp.database import session_scope
from surveyapp.models import WorkforceFigures

from .support import Admin, open_wave_with_responses
from .test_waves import unit_id


def stored(app: Flask, wave_id: int, unit: int) -> WorkforceFigures | None:
    with app.app_context(), session_scope(app) as session:
        row = session.get(WorkforceFigures, (wave_id, unit))
        if row is not None:
            session.expunge(row)
        return row


def test_figures_are_entered_changed_and_cleared(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    admin = Admin(app)
    svc = unit_id(app, "svc")
    page = admin.page(f"/admin/waves/{wave_id}/workforce")
    assert "Family Help" in page and "Enter figures" in page
    path = f"/admin/waves/{wave_id}/units/{svc}/workforce"
    form = admin.page(path)
    assert "Turnover (%)" in form and "FTE social workers in post" in form
    response = admin.post(
        path, {"fte_in_post": "36", "turnover_percent": "11.8", "agency_percent": ""}
    )
    assert response.status_code == 303
    row = stored(app, wave_id, svc)
    assert row is not None and (row.fte_in_post, row.turnover_percent, row.agency_percent) == (
        Decimal("36"),
        Decimal("11.8"),
        None,
    )
    assert "Turnover: 11.8%" in admin.page(f"/admin/waves/{wave_id}/workforce")
    assert 'value="11.8"' in admin.page(path)
    admin.post(path, {"fte_in_post": "", "turnover_percent": "12"})
    row = stored(app, wave_id, svc)
    assert row is not None and (row.fte_in_post, row.turnover_percent) == (None, Decimal("12"))


def test_bad_figures_are_named_and_nothing_is_saved(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    admin = Admin(app)
    path = f"/admin/waves/{wave_id}/units/{unit_id(app, 'svc')}/workforce"
    response = admin.post(
        path, {"fte_in_post": "lots", "turnover_percent": "120", "vacancy_percent": "1.25"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#fte_in_post">FTE social workers in post must be a number, like 36</a>' in page
    assert '<a href="#turnover_percent">Turnover must be between 0 and 100</a>' in page
    assert "Vacancy rate must have at most 1 decimal place" in page
    assert 'value="lots"' in page and 'value="120"' in page
    assert stored(app, wave_id, unit_id(app, "svc")) is None


def test_units_outside_scope_and_draft_waves_are_not_found(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    admin = Admin(app, scope="svc")
    assert (
        admin.get(f"/admin/waves/{wave_id}/units/{unit_id(app, 'care')}/workforce").status_code
        == 404
    )
    assert (
        admin.post(
            f"/admin/waves/{wave_id}/units/{unit_id(app, 'care')}/workforce", {"fte_in_post": "3"}
        ).status_code
        == 404
    )
    assert admin.get("/admin/waves/999/workforce").status_code == 404
