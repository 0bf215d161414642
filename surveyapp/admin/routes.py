"""The admin blueprint, its home page, and participation per unit (counts of people, never
results). The other admin pages are modules of this package registering on ``bp``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.models import Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.participation import wave_participation, waves_in_scope
from surveyapp.services.visibility import managed_waves

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@require(Role.ADMIN)
def index() -> str:
    """The admin home: every admin page, and the waves."""
    admin = signed_in_user()
    managed = managed_waves(db(), admin)
    return render_template(
        "admin/index.html",
        summaries=waves_in_scope(db(), admin, runtime().answer_cipher),
        drafts=[wave for wave in managed if wave.state is WaveState.DRAFT],
        managed={wave.id for wave in managed},
    )


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
