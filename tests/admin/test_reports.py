"""Reports from the browser: a board pack or service report for a wave and unit the admin may
see, downloaded as the signed bundle (it verifies) or as the PDF alone; from the plan only."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from flask import Flask

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.reporting.signing import verify_files
from surveyapp.runtime import runtime
from surveyapp.services.waves import close_wave

from .support import Admin, open_wave_with_responses
from .test_waves import unit_id


def closed_wave(app: Flask) -> int:
    wave_id = open_wave_with_responses(app)
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date(2026, 4, 30), runtime(app).answer_cipher)
    return wave_id


def test_the_signed_bundle_downloads_and_verifies(app: Flask) -> None:
    wave_id = closed_wave(app)
    admin = Admin(app)
    assert "Pulse: spring" in admin.page("/admin/reports/")
    form = admin.page(f"/admin/waves/{wave_id}/report")
    assert "Board pack" in form or "board pack" in form
    org = unit_id(app, "org")
    response = admin.post(
        f"/admin/waves/{wave_id}/report",
        {"unit": str(org), "layout": "board-pack", "from_wave": "", "download": "bundle"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    assert f"board-pack-{wave_id}-{org}.zip" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert {"manifest.json", "manifest.sig"} <= set(files)
    assert any(name.endswith(".pdf") for name in files) and any(
        name.endswith(".html") for name in files
    )
    assert verify_files(files, runtime(app).keyring.public_keys()).is_valid


def test_the_pdf_alone(app: Flask) -> None:
    wave_id = closed_wave(app)
    admin = Admin(app)
    response = admin.post(
        f"/admin/waves/{wave_id}/report",
        {"unit": str(unit_id(app, "svc")), "layout": "service", "from_wave": "", "download": "pdf"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data[:5] == b"%PDF-"


def test_bad_choices_and_units_outside_scope(app: Flask) -> None:
    wave_id = closed_wave(app)
    admin = Admin(app, scope="svc")
    response = admin.post(f"/admin/waves/{wave_id}/report", {"unit": str(unit_id(app, "svc"))})
    assert response.status_code == 400
    assert '<a href="#layout-1">Choose a layout</a>' in response.get_data(as_text=True)
    outside = {"unit": str(unit_id(app, "care")), "layout": "board-pack", "download": "pdf"}
    assert admin.post(f"/admin/waves/{wave_id}/report", outside).status_code == 404
    assert "Children in Care" not in admin.page(f"/admin/waves/{wave_id}/report")
