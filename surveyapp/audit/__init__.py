"""Who looked: every sign-in, results view, export, API read and report build by staff.

A request only notes what to record; the entry is appended at teardown, in its own short
transaction after the request's own commit, so it never waits on the request's write lock.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, request
from flask_login import current_user, user_logged_in

from surveyapp.database import session_scope
from surveyapp.database.engine import may_write
from surveyapp.services.audit import record

from .routes import bp

AUDITED_BLUEPRINTS = {"insights", "api", "board", "admin", "audit", "actions"}
log = logging.getLogger(__name__)

__all__ = ["bp", "init_app", "write"]


def write(
    app: Flask,
    actor: str,
    action: str,
    wave_id: int | None = None,
    unit_id: int | None = None,
    detail: str = "",
) -> None:
    token = may_write.set(True)
    try:
        with session_scope(app) as session:
            record(session, actor, action, wave_id, unit_id, detail)
    finally:
        may_write.reset(token)


def _note(
    actor: str,
    action: str,
    wave_id: int | None = None,
    unit_id: int | None = None,
    detail: str = "",
) -> None:
    g.setdefault("audit_notes", []).append((actor, action, wave_id, unit_id, detail))


def _after_request(response: Response) -> Response:
    if (
        request.blueprint in AUDITED_BLUEPRINTS
        and current_user.is_authenticated
        and response.status_code < 400
        and request.endpoint
    ):
        arguments = request.view_args or {}
        _note(
            current_user.email,
            request.endpoint,
            arguments.get("wave_id"),
            arguments.get("unit_id"),
            f"{request.method} {request.path}",
        )
    return response


def _signed_in(_app: Flask, user: object) -> None:
    _note(getattr(user, "email", "?"), "sign_in")


def _write_notes(exc: BaseException | None) -> None:
    notes = g.pop("audit_notes", [])
    if exc is not None or not notes:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for note in notes:
        try:
            write(app, *note)
        except Exception:
            log.exception("could not append to the audit trail")
            raise


def init_app(app: Flask) -> None:
    app.after_request(_after_request)
    app.teardown_request(_write_notes)
    user_logged_in.connect(_signed_in, app)
