"""Admin pages: the waves, and participation per unit (counts of people, never results)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.participation import wave_participation, waves_in_scope

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@require(Role.ADMIN)
def index() -> str:
    summaries = waves_in_scope(db(), signed_in_user(), runtime().answer_cipher)
    return render_template("admin/index.html", summaries=summaries)


@bp.get("/waves/<int:wave_id>/participation")
@require(Role.ADMIN)
def participation(wave_id: int) -> str:
    wave = db().get(Wave, wave_id)
    if wave is None:
        abort(404)
    rows = wave_participation(db(), signed_in_user(), wave, runtime().answer_cipher)
    if not rows:
        abort(404)  # outside the admin's scope: do not reveal that it exists
    return render_template(
        "admin/participation.html",
        wave=wave,
        rows=rows,
        over=[row for row in rows if row.is_over_headcount],
        full=[row for row in rows if row.team_link and row.team_link.is_full],
        has_team_links=any(row.team_link for row in rows),
    )
