"""The invitation pages in Welsh in the states the route inventory's database does not reach:
forms sent back with errors, a refused over-issue, a request waiting for approval, a kept address
list with lines that are not addresses, and a closed survey, with no English left on them."""

from __future__ import annotations

import datetime as dt

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.waves import close_wave
from tests.admin.test_welsh import assert_welsh
from tests.conftest import add_staff
from tests.support.staff import sign_in_directly

from .conftest import Desk

TYPED = ("Pulse: test", "Test Council", "Test Service", "Team A", "Team B", "admin@example.org")


def welsh(desk: Desk) -> Desk:
    desk.client.get("/admin/invitations?lang=cy")
    return desk


def test_form_errors_and_a_refused_over_issue_in_welsh(desk: Desk) -> None:
    welsh(desk)
    empty = desk.post(desk.unit_url("team-a", "/email"), {"addresses": ""})
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert "Rhowch o leiaf un cyfeiriad e-bost, neu uwchlwythwch ffeil ohonynt" in html
    assert_welsh(html, *TYPED)
    refused = desk.post(desk.unit_url("team-a", "/download"), {"count": 9, "file_format": "csv"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Nifer y staff yn Team A yw 8, ac mae 0 gwahoddiad wedi’u rhoi yn barod" in html
    assert_welsh(html, *TYPED)
    more = desk.unit_url("team-a", "/more")
    asked = desk.post(more, {"count": "", "reason": ""}, more)
    assert asked.status_code == 400
    assert_welsh(asked.get_data(as_text=True), *TYPED)


def test_a_request_waiting_for_approval_in_welsh(desk: Desk) -> None:
    more = desk.unit_url("team-a", "/more")
    asked = desk.post(more, {"count": 3, "reason": "Two starters."}, more)
    assert asked.status_code == 303
    with session_scope(desk.app) as session:
        other = add_staff(session, Role.ADMIN, "org", "second@example.org").id
    client = desk.app.test_client()
    sign_in_directly(desk.app, client, other)
    page = client.get("/admin/invitations/approvals?lang=cy").get_data(as_text=True)
    assert "Team A: 3 gwahoddiad" in page and "Gofynnwyd gan" in page
    assert_welsh(page, *TYPED, "Two starters.", "second@example.org")


def test_a_kept_list_with_bad_lines_and_a_closed_survey_in_welsh(desk: Desk) -> None:
    welsh(desk)
    page = desk.unit_url("team-a", "/reminders")
    kept = desk.post(f"{page}/list", {"addresses": "sam@example.org\nnot an address"}, page)
    assert kept.status_code == 200
    html = kept.get_data(as_text=True)
    assert "nid yw’n gyfeiriad e-bost" in html
    assert_welsh(html, *TYPED, "sam@example.org", "not an address")
    too_late = dt.date.today() - dt.timedelta(days=1)
    fields = {"send_on-day": too_late.day, "send_on-month": too_late.month}
    dated = desk.post(f"{page}/dates", {**fields, "send_on-year": too_late.year}, page)
    assert dated.status_code == 400
    assert_welsh(dated.get_data(as_text=True), *TYPED, "sam@example.org")
    with session_scope(desk.app) as session:
        wave = session.get(Wave, desk.wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date.today(), runtime(desk.app).answer_cipher)
    for tail in ("", "/email", "/reminders", "/more"):
        html = desk.client.get(desk.unit_url("team-a", tail)).get_data(as_text=True)
        assert "Statws yr arolwg hwn: ar gau." in html
        assert_welsh(html, *TYPED)
