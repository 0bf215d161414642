"""``/api/v1``: read-only JSON for other systems, with the scopes and plan the pages use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from surveyapp.accounts.access import public, require, signed_in_user
from surveyapp.accounts.scope import visible_unit_ids
from surveyapp.database import db
from surveyapp.domain.results import theme_trend, unit_results
from surveyapp.insights.context import load_unit_view, plan_settings
from surveyapp.insights.queries import trend_plans, wave_members, waves_with_results
from surveyapp.models import Role

from . import serialise
from .openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
STAFF = (Role.ADMIN, Role.ANALYST, Role.VIEWER)


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
@require(*STAFF)
def waves() -> Any:
    user = signed_in_user()
    return jsonify(
        waves=[
            serialise.wave(w)
            for w in waves_with_results(db())
            if visible_unit_ids(user, wave_members(db(), w))
        ]
    )


@bp.get("/waves/<int:wave_id>/units")
@require(*STAFF)
def units(wave_id: int) -> Any:
    wave = next((w for w in waves_with_results(db()) if w.id == wave_id), None)
    members = wave_members(db(), wave) if wave is not None else []
    visible = visible_unit_ids(signed_in_user(), members)
    if not visible:
        return jsonify(error="no such wave"), 404
    return jsonify(
        units=[
            {
                "id": m.unit_id,
                "name": m.name,
                "parent_id": m.parent_unit_id,
                "headcount": m.headcount,
            }
            for m in sorted(members, key=lambda m: m.unit_id)
            if m.unit_id in visible
        ]
    )


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/results")
@require(*STAFF)
def results(wave_id: int, unit_id: int) -> Any:
    view = load_unit_view(wave_id, unit_id)
    results_ = view.visible_results(unit_results(view.plan, view.bank, view.tree, unit_id))
    return jsonify(serialise.results(results_, view.plan.digest()))


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/trends")
@require(*STAFF)
def trends(wave_id: int, unit_id: int) -> Any:
    view = load_unit_view(wave_id, unit_id)
    plans = trend_plans(
        db(), view.wave, current_app.extensions["surveyapp.banks"], plan_settings(), unit_id
    )
    series = [
        (t.key, t.title, theme_trend(plans, view.bank, unit_id, t.key)) for t in view.bank.themes
    ]
    return jsonify(unit={"id": unit_id, "name": view.unit.name}, themes=serialise.trend(series))
