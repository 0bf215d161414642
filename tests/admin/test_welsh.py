"""The admin pages in Welsh in the states the route inventory's database does not reach: waves
with responses, a unit file with problems, forms sent back with errors, a closed wave, and the
refusals of the services (a closed wave is not reopened), with no English left on them."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from tests.i18n.test_every_page_in_welsh import NOT_WORDS
from tests.support.welsh import english_left, not_welsh, page_text

from .support import Admin, open_wave_with_responses

TYPED = (
    "Pulse: spring",
    "Test Council",
    "Family Help",
    "Children in Care",
    "Team A",
    "Team B",
    "Team C",
    "admin-org@example.org",
)
"""What staff typed: unit and wave names (``tests/admin/support.py``), and the admin's address."""


def assert_welsh(html: str, *typed: str) -> None:
    assert '<html lang="cy"' in html
    text = page_text(html)
    left = [f"English: {e}" for e in english_left(text)]
    left += [f"not Welsh: {w}" for w in not_welsh(text, NOT_WORDS, (*TYPED, *typed))]
    assert not left, left


@pytest.fixture
def welsh_admin(sqlite_app: Flask) -> Admin:
    admin = Admin(sqlite_app)
    admin.get("/admin/?lang=cy")  # the choice is kept for the session
    return admin


def test_waves_with_responses_participation_and_the_small_units_in_welsh(
    sqlite_app: Flask, welsh_admin: Admin
) -> None:
    wave_id = open_wave_with_responses(sqlite_app)
    index = welsh_admin.page("/admin/")
    assert "Ymatebion" in index and "ar gyfer sgoriau" in index
    assert_welsh(index)
    participation = welsh_admin.page(f"/admin/waves/{wave_id}/participation")
    assert "Mae gan 1 uned fwy o ymatebion na phobl: Team B." in participation
    assert_welsh(participation)
    units = welsh_admin.page("/admin/units/")
    assert "Unedau a nifer eu staff" in units
    assert_welsh(units, "org", "svc", "team-a", "team-b", "team-c", "care")
    assert_welsh(welsh_admin.page(f"/admin/waves/{wave_id}/workforce"))


def test_a_unit_file_with_problems_is_explained_in_welsh(welsh_admin: Admin) -> None:
    bad = b"key,name,parent_key,headcount\nteam-x,Team X,nowhere,4\nteam-y,,org,two\n"
    response = welsh_admin.upload("/admin/units/upload", bad)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Rhes 3, name: mae’r enw yn wag" in html
    assert_welsh(html, "'nowhere'", "'two'")
    good = b"key,name,parent_key,headcount\nteam-a,Team A,svc,9\nteam-z,Team Z,svc,3\n"
    preview = welsh_admin.upload("/admin/units/upload", good).get_data(as_text=True)
    assert "Nifer y staff o 8 i 9" in preview
    assert_welsh(preview, "Team Z", "team-a", "team-z", "svc")


def test_form_errors_come_back_in_welsh(welsh_admin: Admin) -> None:
    wave = welsh_admin.post("/admin/waves/new", {"name": "", "when": "later"})
    assert wave.status_code == 400
    html = wave.get_data(as_text=True)
    assert "Rhowch enw i’r cylch" in html and "Rhowch y dyddiad cau" in html
    assert_welsh(html, "Social work pulse")
    pulse = welsh_admin.post("/admin/pulses/new", {"every": "0", "period": "months"})
    assert pulse.status_code == 400
    html = pulse.get_data(as_text=True)
    assert "Rhowch y dyddiad agor cyntaf" in html
    assert_welsh(html, "Pulse {month}")


def test_a_closed_wave_and_the_refusal_to_reopen_it_in_welsh(
    sqlite_app: Flask, welsh_admin: Admin
) -> None:
    wave_id = open_wave_with_responses(sqlite_app)
    closed = welsh_admin.post(f"/admin/waves/{wave_id}/close", {"confirm": "yes"})
    assert closed.status_code == 303
    page = welsh_admin.page(f"/admin/waves/{wave_id}")
    assert "Mae Pulse: spring ar gau. Ni ellir anfon rhagor o atebion." in page  # the flash
    assert "Ni ellir agor cylch sydd wedi cau eto" in page
    assert_welsh(page, "Social work pulse", "Cymdeithasol")
    refused = welsh_admin.post(f"/admin/waves/{wave_id}/open", {"confirm": "yes"})
    assert refused.status_code == 409
    assert_welsh(refused.get_data(as_text=True), "Social work pulse")
    today = dt.date.today()
    assert str(today.year) in welsh_admin.page(f"/admin/waves/{wave_id}/participation")
