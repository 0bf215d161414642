"""The board view: a board pack's content on screen, at the levels the reader may see."""

from __future__ import annotations

from flask import Blueprint, render_template

from surveyapp.accounts.access import readable_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import READS_RESULTS
from surveyapp.reporting.builder import ReportRequest, gather_content
from surveyapp.reporting.workforce_source import workforce_figures
from surveyapp.runtime import runtime
from surveyapp.services.issuance_table import issuance_table
from surveyapp.services.visibility import readable_waves

bp = Blueprint("board", __name__, url_prefix="/board")


@bp.get("/")
@require(*READS_RESULTS)
def index() -> str:
    entries = readable_waves(db(), signed_in_user(), runtime().plan_settings)
    return render_template("board/index.html", entries=entries)


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>")
@require(*READS_RESULTS)
def view(wave_id: int, unit_id: int) -> str:
    unit_view = readable_unit(wave_id, unit_id)
    figures = workforce_figures(db(), unit_view.wave, unit_id, unit_view.visible)
    request = ReportRequest(
        unit_view.wave,
        unit_id,
        "board-pack",
        workforce=figures,
        visible=unit_view.visible,
        reader=signed_in_user(),
    )
    running = runtime()
    report = gather_content(  # in the page's language: the layout's, the bank's, the charts'
        db(),
        running.banks,
        request,
        running.answer_cipher,
        running.redactor,
        running.plan_settings,
    )
    issued = issuance_table(
        db(),
        unit_view.wave,
        unit_view.members,
        unit_view.unit.unit_id,
        unit_view.visible,
        unit_view.plan.k,
    )
    return render_template("board/view.html", view=unit_view, report=report, issued=issued)
