"""``/healthz``: is this app server able to reach its database?

Public and cheap (one ``SELECT 1``), so a load balancer or monitor can poll it. It answers JSON and
says nothing about the data: no counts, no versions, no addresses.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from surveyapp.accounts.access import public
from surveyapp.database import db

from .outage import RETRY_AFTER_SECONDS, is_database_outage

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    try:
        db().execute(text("SELECT 1"))
    except Exception as error:
        if not is_database_outage(error):
            raise
        response = jsonify(status="unavailable", database="unreachable")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response, 503
    response = jsonify(status="ok", database="ok")
    response.headers["Cache-Control"] = "no-store"
    return response, 200
