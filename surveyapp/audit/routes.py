from __future__ import annotations

from flask import Blueprint, render_template

from surveyapp.accounts.access import require
from surveyapp.database import db
from surveyapp.models import Role
from surveyapp.services.audit import recent, verify

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@require(Role.ADMIN, Role.VIEWER)
def summary() -> str:
    """Recent staff activity and whether the chain is intact (admins, boards and inspectors)."""
    return render_template("audit/summary.html", entries=recent(db(), 200), problems=verify(db()))
