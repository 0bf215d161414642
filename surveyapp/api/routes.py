"""``/api/v1``: read-only JSON for other systems, with the scopes and plan the pages use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException

from surveyapp.accounts.access import public, readable_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.results import theme_trend, unit_results
from surveyapp.domain.roles import READS_RESULTS
from surveyapp.runtime import runtime
from surveyapp.services.actions import unit_actions
from surveyapp.services.visibility import readable_waves, trend_plans, visible_members

from . import serialise
from .openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Any, int]:
    return jsonify(error=error.description or error.name), error.code or 500


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def unrouted(error: HTTPException) -> Any:
    """URLs under /api/ that match no route still answer in JSON."""
    if request.path.startswith(bp.url_prefix or "/api"):
        return http_error(error)
    return error


@bp.get("/openapi.json")
@public
def openapi() -> Any:
    return jsonify(document(request.host_url.rstrip("/")))


@bp.get("/waves")
@require(*READS_RESULTS)
def waves() -> Any:
    entries = readable_waves(db(), signed_in_user())
    return jsonify(waves=[serialise.wave(e.wave) for e in entries if e.top is not None])


@bp.get("/waves/<int:wave_id>/units")
@require(*READS_RESULTS)
def units(wave_id: int) -> Any:
    members = visible_members(db(), signed_in_user(), wave_id)
    if not members:
        return jsonify(error="no such wave"), 404
    return jsonify(
        units=[
            {
                "id": m.unit_id,
                "name": m.name,
                "parent_id": m.parent_unit_id,
                "headcount": m.headcount,
            }
            for m in members
        ]
    )


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/results")
@require(*READS_RESULTS)
def results(wave_id: int, unit_id: int) -> Any:
    view = readable_unit(wave_id, unit_id)
    results_ = view.visible_results(unit_results(view.plan, view.bank, view.tree, unit_id))
    return jsonify(serialise.results(results_, view.plan.digest()))


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/trends")
@require(*READS_RESULTS)
def trends(wave_id: int, unit_id: int) -> Any:
    view = readable_unit(wave_id, unit_id)
    running = runtime()
    plans = trend_plans(db(), view.wave, running.banks, running.plan_settings, unit_id)
    series = [
        (t.key, t.title, theme_trend(plans, view.bank, unit_id, t.key)) for t in view.bank.themes
    ]
    return jsonify(unit={"id": unit_id, "name": view.unit.name}, themes=serialise.trend(series))


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/actions")
@require(*READS_RESULTS)
def actions(wave_id: int, unit_id: int) -> Any:
    """The unit's action plans recorded for this wave or an earlier one, as its pages list them."""
    view = readable_unit(wave_id, unit_id)
    running = runtime()
    found = unit_actions(
        db(), view.wave, unit_id, running.banks, running.plan_settings, dt.date.today()
    )
    return jsonify(
        unit={"id": unit_id, "name": view.unit.name},
        actions=[serialise.action(a) for a in found],
    )
