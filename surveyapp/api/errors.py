"""Every API error is JSON, and says what HTTP asks it to say.

- A path under ``/api/`` that matches no route (``/waves/-1/units``, ``/waves/1.5/units``, an
  id past the 32-bit range) asks for a token first: 401 without a valid one, 404 with one, so
  the shape of a path is not checked for someone who may not call the API at all.
- A 405 lists the methods the path has in ``Allow`` (RFC 9110).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from surveyapp.accounts.access import api_unauthorised, is_api_request


def json_error(error: HTTPException) -> Response:
    response = jsonify(error=error.description or error.name)
    response.status_code = error.code or 500
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def unrouted(error: HTTPException) -> Any:
    """A 404 or 405 from routing (or from a view): the API's in JSON, token checked first."""
    if not is_api_request():
        return error
    if isinstance(error, NotFound) and not current_user.is_authenticated:
        return api_unauthorised()
    return json_error(error)


def init_blueprint(bp: Blueprint) -> None:
    bp.register_error_handler(HTTPException, json_error)
    bp.app_errorhandler(NotFound)(unrouted)
    bp.app_errorhandler(MethodNotAllowed)(unrouted)
