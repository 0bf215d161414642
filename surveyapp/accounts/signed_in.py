"""The signed-in staff session: the record the cookie names, checked on every request.

The signed cookie holds the user id (Flask-Login's ``_user_id``) and a random session id
(``SESSION_KEY``); the user loader accepts them only while that id's ``StaffSession`` record
exists, belongs to the same user and is neither idle past ``SESSION_IDLE_MINUTES`` nor older than
``SESSION_MAX_HOURS``. Signing out deletes the record, so a copy of the cookie stops working too.

``last_seen_at`` is written at most once a minute, and never on respondent routes, in its own
short write transaction after the request (as the audit trail is): GET requests run in read
transactions that must not take SQLite's write lock. Times come from the app's clock, which tests
replace through ``app.extensions[CLOCK]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask, current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from surveyapp.database import db, session_scope
from surveyapp.database.engine import may_write
from surveyapp.languages import SESSION_KEY as LANGUAGE
from surveyapp.languages import keep_choice
from surveyapp.models import User
from surveyapp.runtime import runtime
from surveyapp.services import staff_sessions
from surveyapp.services.staff_sessions import SessionLimits

SESSION_KEY = "staff_session"
CLOCK = "surveyapp.clock"
RESPONDENT_BLUEPRINT = "respond"
TOUCH_DUE = "staff_session_touch"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _now() -> dt.datetime:
    clock: Callable[[], dt.datetime] = current_app.extensions[CLOCK]
    return clock()


def _limits() -> SessionLimits:
    return runtime().session_limits


def _pepper() -> str:
    pepper: str = current_app.config["TOKEN_PEPPER"]
    return pepper


def begin(user: User) -> None:
    """Sign ``user`` in on this browser, with nothing from before carried over (e.g. a survey
    entry); sessions that have timed out, anyone's, are cleared away at the same time."""
    moment = _now()
    staff_sessions.purge_expired(db(), moment, _limits())
    session_id = staff_sessions.start(db(), _pepper(), user, moment)
    language = session.get(LANGUAGE)
    session.clear()
    keep_choice(language)
    login_user(user)
    session[SESSION_KEY] = session_id


def end_here() -> None:
    """Sign out on this browser: its record goes, so copies of the cookie stop working."""
    session_id = session.get(SESSION_KEY)
    if isinstance(session_id, str):
        staff_sessions.end(db(), _pepper(), session_id)
    logout_user()
    language = session.get(LANGUAGE)
    session.clear()
    keep_choice(language)


def load(user_id: str) -> User | None:
    """The user whose live session this browser holds, or None (Flask-Login's user loader)."""
    session_id = session.get(SESSION_KEY)
    if not isinstance(session_id, str) or not user_id.isdigit():
        return None
    moment = _now()
    record = staff_sessions.current(db(), _pepper(), session_id, moment, _limits())
    if record is None or record.user_id != int(user_id):
        return None
    if request.blueprint != RESPONDENT_BLUEPRINT and staff_sessions.is_due_a_touch(record, moment):
        g.setdefault(TOUCH_DUE, (record.id_hash, moment))
    return record.user


def _write_touch(exc: BaseException | None) -> None:
    due = g.pop(TOUCH_DUE, None)
    if due is None or exc is not None:
        return
    token = may_write.set(True)
    try:
        with session_scope() as write:
            staff_sessions.touch(write, *due)
    except SQLAlchemyError:
        # Harmless to miss: the session may time out a minute early. The next request retries.
        current_app.logger.warning("could not note that a staff session was used")
    finally:
        may_write.reset(token)


def init_app(app: Flask) -> None:
    app.extensions.setdefault(CLOCK, _utc_now)
    app.teardown_request(_write_touch)
