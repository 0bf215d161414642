from __future__ import annotations

from flask import Blueprint, current_app, render_template

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.accounts.wave_access import visible_units
from surveyapp.answer_keys import answer_cipher
from surveyapp.database import db
from surveyapp.insights.context import load_unit_view, plan_settings, redactor, waves_for_user
from surveyapp.models import Role
from surveyapp.reporting.builder import ReportRequest, gather_context
from surveyapp.reporting.workforce_source import workforce_figures

bp = Blueprint("board", __name__, url_prefix="/board")
READERS = (Role.VIEWER, Role.ANALYST, Role.ADMIN)


@bp.get("/")
@require(*READERS)
def index() -> str:
    return render_template("board/index.html", entries=waves_for_user(signed_in_user()))


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>")
@require(*READERS)
def view(wave_id: int, unit_id: int) -> str:
    unit_view = load_unit_view(wave_id, unit_id)
    readable = visible_units(db(), signed_in_user(), unit_view.wave)
    figures = workforce_figures(db(), unit_view.wave, unit_id, readable)
    request = ReportRequest(unit_view.wave, unit_id, "board-pack", workforce=figures)
    context = gather_context(
        db(),
        current_app.extensions["surveyapp.banks"],
        request,
        answer_cipher(),
        redactor(),
        plan_settings(),
    )
    context["results"] = unit_view.visible_results(context["results"])
    return render_template("board/view.html", view=unit_view, **context)
