"""Reports built from the browser: a board pack or a service report for a wave and a unit the
admin may see, downloaded as the signed bundle (a zip: HTML, PDF, CSV, manifest and signature)
or as the PDF alone. Built in the request (Chromium prints the PDF in seconds), as
``surveyapp report build`` does, from the publication plan only."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from flask import render_template, send_file
from flask_babel import gettext as _
from wtforms import SelectChoice

from surveyapp.accounts.access import readable_unit, readable_wave, require, signed_in_user
from surveyapp.database import db, reads_only, start_writing
from surveyapp.domain.roles import Role
from surveyapp.languages import NAMES, current_language, languages
from surveyapp.models import Wave
from surveyapp.reporting.builder import FORMATS, ReportRequest, build_report
from surveyapp.reporting.layouts import available_layouts, load_layout
from surveyapp.reporting.pdf import PdfUnavailable
from surveyapp.reporting.workforce_source import workforce_figures
from surveyapp.runtime import runtime
from surveyapp.services import audit
from surveyapp.services.visibility import Member, readable_waves

from .forms.reports import PDF, ReportForm
from .routes import bp


@bp.get("/reports/")
@require(Role.ADMIN)
def reports() -> str:
    entries = readable_waves(db(), signed_in_user(), runtime().plan_settings)
    waves = [entry for entry in entries if entry.top is not None]
    return render_template("admin/reports.html", waves=waves)


def _report_form(wave_id: int) -> tuple[ReportForm, Wave]:
    wave, members = readable_wave(wave_id)
    form = ReportForm()
    form.unit.choices = [SelectChoice(str(m.unit_id), m.name) for m in _top_first(members)]
    form.layout.choices = [
        SelectChoice(name, load_layout(name, language=current_language()).title)
        for name in available_layouts()
    ]
    offered = languages()
    form.language.choices = [SelectChoice(code, NAMES[code]) for code in offered]
    if form.language.data is None:  # a new form, or a post from before there was a choice
        form.language.data = offered[0]
    earlier = [
        entry.wave
        for entry in readable_waves(db(), signed_in_user(), runtime().plan_settings)
        if entry.top is not None
        and entry.wave.bank_key == wave.bank_key
        and entry.wave.opens_on is not None
        and wave.opens_on is not None
        and entry.wave.opens_on < wave.opens_on
    ]
    form.from_wave.choices = [SelectChoice("", _("Every earlier wave"))] + [
        SelectChoice(str(w.id), w.name) for w in earlier
    ]
    return form, wave


def _top_first(members: tuple[Member, ...]) -> list[Member]:
    """The wave's units as a tree, each after its parent, siblings by name."""
    ids = {m.unit_id for m in members}
    children: dict[int | None, list[Member]] = {}
    for member in members:
        parent = member.parent_unit_id if member.parent_unit_id in ids else None
        children.setdefault(parent, []).append(member)
    ordered: list[Member] = []
    stack = sorted(children.get(None, []), key=lambda m: m.name, reverse=True)
    while stack:
        member = stack.pop()
        ordered.append(member)
        stack.extend(sorted(children.get(member.unit_id, []), key=lambda m: m.name, reverse=True))
    return ordered


@bp.route("/waves/<int:wave_id>/report", methods=["GET", "POST"])
@reads_only
@require(Role.ADMIN)
def build_report_page(wave_id: int) -> Any:
    form, wave = _report_form(wave_id)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        if not form.is_submitted():
            form.unit.data = form.unit.data or int(form.unit.choices[0].value)
            readable_unit(wave_id, form.unit.data)  # the plan is computed (and kept) here
        return render_template("admin/report_build.html", form=form, wave=wave), status
    view = readable_unit(wave_id, form.unit.data)
    from_wave = db().get(Wave, int(form.from_wave.data)) if form.from_wave.data else None
    formats = ("pdf",) if form.download.data == PDF else FORMATS
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report"
        request = ReportRequest(
            view.wave,
            view.unit.unit_id,
            form.layout.data,
            formats,
            out,
            from_wave,
            workforce_figures(db(), view.wave, view.unit.unit_id, view.visible),
            reader=signed_in_user(),
            language=form.language.data,
        )
        running = runtime()
        try:
            built = build_report(
                db(),
                running.banks,
                request,
                running.keyring,
                running.answer_cipher,
                running.redactor,
                running.plan_settings,
            )
        except PdfUnavailable:
            form.download.errors = [
                _(
                    "PDF reports need Chromium, which is not installed here. "
                    "Ask whoever runs this service."
                )
            ]
            return render_template("admin/report_build.html", form=form, wave=wave), 503
        stem = Path(built.files[0]).stem.removesuffix("-published-cells")
        if form.download.data == PDF:
            body, name, mimetype = (
                (out / built.files[0]).read_bytes(),
                f"{stem}.pdf",
                "application/pdf",
            )
        else:
            body, name, mimetype = _zipped(out), f"{stem}.zip", "application/zip"
    start_writing()  # the build only read; the audit trail is the one write
    choices = f"{form.layout.data}, {form.language.data}, {form.download.data}"
    detail = f"{choices}, plan {built.plan_digest[:16]}"
    audit.record(db(), signed_in_user().email, "report.build", wave_id, view.unit.unit_id, detail)
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name)


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()
