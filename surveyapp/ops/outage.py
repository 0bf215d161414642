"""A clear "try again shortly" (503) when the database cannot be reached or cannot write.

A stopped or restarting PostgreSQL, a connection dropped mid-request, a SQLite file that is locked
for too long, full or read-only: the respondent sees a plain page saying nothing was saved and to
try again in a moment, with ``Retry-After``; the API answers the same in JSON. The request's
transaction is rolled back (an error status never commits, see ``surveyapp.database.session``),
and a submission is one transaction, so nothing is ever half-written: an invitation that was not
stored as used can simply be used again.

An error can surface in the view or in the commit after it. Flask routes the first to a handler
for the exception's class and the second to the 500 handler with the original exception attached,
so both are handled here. Either way the session cookie is left as the browser sent it.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request, session
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import InternalServerError

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)
PLAIN_PAGE = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Please try again shortly – Staff Voice</title></head><body>"
    "<h1>Please try again shortly</h1><p>The service cannot save or show answers at the moment. "
    "Nothing you sent has been saved. Please try again in a minute or two.</p></body></html>"
)


def is_database_outage(error: BaseException | None) -> bool:
    """Whether ``error`` means the database is unreachable or cannot write right now."""
    if isinstance(error, OUTAGE_ERRORS):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def init_app(app: Flask) -> None:
    for error_class in OUTAGE_ERRORS:
        app.register_error_handler(error_class, _outage)
    app.register_error_handler(InternalServerError, _server_error)


def _server_error(error: InternalServerError) -> Response | InternalServerError:
    original = error.original_exception
    if original is not None and is_database_outage(original):
        return _outage(original)
    return error


def _outage(error: BaseException) -> Response:
    # The DBAPI message says what failed ("connection refused", "database or disk is full")
    # without the SQL statement and its parameters, which SQLAlchemy's own message carries.
    cause = getattr(error, "orig", None) or error
    # The app's logger: its filter masks any address in the message (surveyapp.logs).
    current_app.logger.error(
        "database unavailable: %s: %s", type(cause).__name__, str(cause).strip()[:300]
    )
    # Nothing of the failed request is kept, in the browser either: a respondent whose submit
    # failed at commit keeps the session (entry and form token) they had, so going back and
    # sending again works once the database does.
    session.modified = False
    if request.path.startswith("/api/") or request.path == "/healthz":
        response = jsonify(error="the service is unavailable; try again shortly")
    else:
        response = Response(_page(), mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _page() -> str:
    try:
        return render_template("ops/unavailable.html", retry_after=RETRY_AFTER_SECONDS)
    except Exception:  # the page must not need anything that is down
        current_app.logger.exception("the 'try again shortly' page could not be rendered")
        return PLAIN_PAGE
