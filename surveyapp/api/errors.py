"""Every API error is JSON, and says what HTTP asks it to say.

- A path under ``/api/`` that matches no route (``/waves/-1/units``, ``/waves/1.5/units``, an
  id past the 32-bit range) asks for a token first: 401 without a valid one, 404 with one, so
  the shape of a path is not checked for someone who may not call the API at all. The app's
  404 and 403 handlers (``accounts.error_pages``) answer API paths that way.
- A 405 lists the methods the path has in ``Allow`` (RFC 9110).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from surveyapp.accounts.access import is_api_request


def json_error(error: HTTPException) -> Response:
    response = jsonify(error=error.description or error.name)
    response.status_code = error.code or 500
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def unrouted(error: MethodNotAllowed) -> Any:
    """A 405 from routing: the API's in JSON with ``Allow``; anyone else's as it was."""
    if not is_api_request():
        return error
    return json_error(error)


def init_blueprint(bp: Blueprint) -> None:
    bp.register_error_handler(HTTPException, json_error)
    bp.app_errorhandler(MethodNotAllowed)(unrouted)
