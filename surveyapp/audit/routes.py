"""The audit trail page: recent staff activity within the reader's scope, and whether the whole
chain is intact (the verdict names no one, so everyone who may open the page sees it)."""

from __future__ import annotations

from flask import Blueprint, render_template

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.services.audit import TrailScope, recent, verify
from surveyapp.services.visibility import is_scoped_to_the_root, visible_units_by_wave

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@require(Role.ADMIN, Role.VIEWER)
def summary() -> str:
    """Recent staff activity and whether the chain is intact (admins, boards and inspectors)."""
    reader = signed_in_user()
    scope = TrailScope(
        visible_units_by_wave(db(), reader), sees_unscoped=is_scoped_to_the_root(db(), reader)
    )
    return render_template(
        "audit/summary.html", entries=recent(db(), scope, 200), problems=verify(db())
    )
