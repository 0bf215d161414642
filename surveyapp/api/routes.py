"""``/api/v1``: read-only JSON for other systems, with the scopes and plan the pages use.

Each view parses, calls ``readable_unit`` or a visibility service, and answers with a body model
from ``schemas`` (which the OpenAPI document is generated from). A new endpoint follows the same
pattern: ``@bp.get``, ``@require(...)``, ``@documented(Operation(...))`` naming a body model.
"""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response, abort, current_app, jsonify, request
from pydantic import BaseModel

from surveyapp.accounts.access import public, readable_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.results import theme_trend, unit_results
from surveyapp.domain.roles import READS_RESULTS
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.actions import unit_actions
from surveyapp.services.visibility import (
    readable_waves,
    tree_of,
    visible_members,
    wave_members,
    wave_trend_plans,
)

from . import errors, serialise
from .openapi import MAX_ID, PREFIX, Operation, document, documented
from .schemas.actions import UnitActions
from .schemas.catalogue import UnitList, WaveList
from .schemas.cells import CellPage
from .schemas.results import UnitResults
from .schemas.trends import ThemeTrend, UnitTrends
from .table import cell_page

bp = Blueprint("api", __name__, url_prefix=PREFIX)
errors.init_blueprint(bp)
ID = f"int(min=1, max={MAX_ID})"


def _json(body: BaseModel) -> Response:
    return jsonify(body.model_dump(mode="json"))


def public_api_url() -> str:
    """The API's address from SURVEYAPP_PUBLIC_URL: never from the request's Host header."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + PREFIX


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    """In the order it was written (properties as the models declare them), not sorted."""
    body = json.dumps(document(current_app, current_app.config["PUBLIC_URL"]), ensure_ascii=False)
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/waves")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="listWaves",
        tag="waves",
        summary="Waves you can read",
        description="Every wave that has opened and has a unit you may read, newest first, "
        "with its thresholds and the highest unit you may read in it.",
        body=WaveList,
    )
)
def waves() -> Response:
    entries = readable_waves(db(), signed_in_user(), runtime().plan_settings)
    return _json(
        WaveList(
            waves=[serialise.wave(e.wave, e.top.unit_id) for e in entries if e.top is not None]
        )
    )


@bp.get(f"/waves/<{ID}:wave_id>/units")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="listUnits",
        tag="units",
        summary="Units of a wave in your scope",
        description="The units of the wave's frozen tree that you may read, by id, each with "
        "its own headcount and its subtree's (total_headcount, the same figure its results "
        "give).",
        body=UnitList,
    )
)
def units(wave_id: int) -> Response:
    members = visible_members(db(), signed_in_user(), wave_id, runtime().plan_settings)
    if not members:
        abort(404, "no such wave in your scope")
    # A unit's total headcount counts everyone below it, visible to the reader or not.
    wave = db().get(Wave, wave_id)
    assert wave is not None  # it has members
    tree = tree_of(wave_members(db(), wave))
    return _json(
        UnitList(wave_id=wave_id, units=[serialise.unit(tree, m.unit_id) for m in members])
    )


@bp.get(f"/waves/<{ID}:wave_id>/units/<{ID}:unit_id>/results")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="getUnitResults",
        tag="results",
        summary="A unit's published results",
        description="Responses, theme scores, every question's answers, the recommend score, "
        "supervision against the standard, and the units right below (a heatmap row each). "
        "status says whether the unit's results are published; every value inside is "
        "published with its numbers or suppressed with reason_code and suppressed_because.",
        body=UnitResults,
    )
)
def results(wave_id: int, unit_id: int) -> Response:
    view = readable_unit(wave_id, unit_id)
    found = view.visible_results(unit_results(view.plan, view.bank, view.tree, unit_id))
    return _json(serialise.unit_results(found, wave_id, view.tree, view.plan.digest()))


@bp.get(f"/waves/<{ID}:wave_id>/units/<{ID}:unit_id>/trends")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="getUnitTrends",
        tag="trends",
        summary="A unit's themes across waves",
        description="Each theme's score in this wave and every earlier wave of the same bank, "
        "oldest first, each point naming its wave by id, with a change called only where a "
        "two-proportion test finds one.",
        body=UnitTrends,
    )
)
def trends(wave_id: int, unit_id: int) -> Response:
    view = readable_unit(wave_id, unit_id)
    running = runtime()
    waves_and_plans = wave_trend_plans(
        db(), view.wave, running.banks, running.plan_settings, unit_id, signed_in_user()
    )
    plans = [(wave.name, plan) for wave, plan in waves_and_plans]
    themes = []
    for theme in view.bank.themes:
        points = theme_trend(plans, view.bank, unit_id, theme.key)
        themes.append(
            ThemeTrend(
                key=theme.key,
                title=theme.title,
                points=[
                    serialise.point(wave, point)
                    for (wave, _), point in zip(waves_and_plans, points, strict=True)
                ],
            )
        )
    unit = serialise.unit(view.tree, unit_id)
    return _json(UnitTrends(wave_id=wave_id, unit=unit, themes=themes))


@bp.get(f"/waves/<{ID}:wave_id>/units/<{ID}:unit_id>/cells")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="listUnitCells",
        tag="cells",
        summary="The flat table of a unit's published cells",
        description="One row per cell of the publication plan for the unit and every unit "
        "below it that you may see (and per answer of a published cell): the rows of the "
        "CSV export, typed, in pages of page_size rows. Suppressed cells are rows too, with "
        "every number null and the reason. Follow next_url (or next_page) until it is null.",
        body=CellPage,
        query=("page",),
    )
)
def cells(wave_id: int, unit_id: int) -> Response:
    page = _page_number()
    view = readable_unit(wave_id, unit_id)
    base = f"{public_api_url()}/waves/{wave_id}/units/{unit_id}/cells"
    found = cell_page(view, page, lambda number: f"{base}?page={number}")
    if found is None:
        abort(404, "no such page: see total_pages on the first page")
    return _json(found)


@bp.get(f"/waves/<{ID}:wave_id>/units/<{ID}:unit_id>/actions")
@require(*READS_RESULTS)
@documented(
    Operation(
        operation_id="listUnitActions",
        tag="actions",
        summary="A unit's action plans",
        description="The actions recorded for the unit in this wave or an earlier one, as its "
        "pages list them: what will change, owner, due date, status and dated updates, with "
        "the measure's published score then and in this wave, and whether it moved.",
        body=UnitActions,
    )
)
def actions(wave_id: int, unit_id: int) -> Response:
    view = readable_unit(wave_id, unit_id)
    running = runtime()
    found = unit_actions(
        db(),
        view.wave,
        unit_id,
        running.banks,
        running.plan_settings,
        dt.date.today(),
        signed_in_user(),
    )
    return _json(
        UnitActions(
            wave_id=wave_id,
            unit=serialise.unit(view.tree, unit_id),
            actions=[serialise.action(a) for a in found],
        )
    )


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        abort(400, "page must be a whole number from 1")
    return int(raw)
