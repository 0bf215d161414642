"""The report pages in Welsh (with a bad choice, with no wave yet), and a report chosen in Welsh
from the build page: Welsh throughout, and it verifies like an English one."""

from __future__ import annotations

import io
import json
import zipfile

from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.languages import languages
from surveyapp.models import Unit, Wave
from surveyapp.reporting.signing import verify_files
from surveyapp.runtime import runtime
from tests.i18n.test_every_page_in_welsh import NOT_WORDS
from tests.support.welsh import english_left, not_welsh, page_text

from .support import Admin
from .test_reports import closed_wave
from .test_waves import unit_id

ADMIN = "admin-org@example.org"


def typed(app: Flask) -> tuple[str, ...]:
    """Names staff typed: the waves and the units."""
    with app.app_context(), session_scope(app) as session:
        names = [*session.scalars(select(Wave.name)), *session.scalars(select(Unit.name))]
    return (ADMIN, *sorted(names, key=len, reverse=True))


def _welsh(html: str, *typed: str) -> None:
    assert '<html lang="cy"' in html
    text = page_text(html)
    assert english_left(text) == []
    assert not_welsh(text, (*NOT_WORDS, "HTML"), typed) == []


def test_the_report_pages_in_welsh_with_errors_and_with_no_wave(app: Flask) -> None:
    admin = Admin(app)
    empty = admin.page("/admin/reports/?lang=cy")
    assert "Nid oes cylch wedi agor eto" in empty
    _welsh(empty, *typed(app))
    wave_id = closed_wave(app)
    _welsh(admin.page("/admin/reports/"), *typed(app))
    build = admin.page(f"/admin/waves/{wave_id}/report")
    assert "Llunio adroddiad" in build and 'value="en" checked' in build.replace("\n", " ")
    _welsh(build, *typed(app))
    refused = admin.post(f"/admin/waves/{wave_id}/report", {"unit": str(unit_id(app, "org"))})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Dewiswch gynllun" in html
    _welsh(html, *typed(app))


def test_a_report_chosen_in_welsh_is_welsh_and_verifies(app: Flask) -> None:
    wave_id = closed_wave(app)
    admin = Admin(app)
    org = unit_id(app, "org")
    choice = {"unit": str(org), "layout": "board-pack", "from_wave": "", "download": "bundle"}
    response = admin.post(f"/admin/waves/{wave_id}/report", {**choice, "language": "cy"})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert verify_files(files, runtime(app).keyring.public_keys()).is_valid
    assert json.loads(files["manifest.json"])["language"] == "cy"
    html = next(body for name, body in files.items() if name.endswith(".html")).decode()
    assert '<html lang="cy">' in html and "Iechyd y gweithlu: pecyn y bwrdd" in html
    csv = next(body for name, body in files.items() if name.endswith(".csv")).decode("utf-8-sig")
    assert "Canlyniadau Staff Voice" in csv and "Llwybr yr uned" in csv


def test_the_default_language_is_the_deployments_first(app: Flask) -> None:
    app.config["LANGUAGES"] = ("cy", "en")
    wave_id = closed_wave(app)
    admin = Admin(app)
    build = admin.page(f"/admin/waves/{wave_id}/report")
    assert 'value="cy" checked' in build.replace("\n", " ")
    with app.app_context():
        assert languages()[0] == "cy"
