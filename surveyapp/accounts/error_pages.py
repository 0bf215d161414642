"""Styled pages for 403 and 404: in the staff layout for signed-in staff, in the public layout
for everyone else (respondents and the public pages), and JSON for the API.

A unit outside a reader's scope answers the same 404 as one that does not exist
(``access.readable_unit``), so this page says nothing about which it was.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, HTTPException, NotFound

API_PREFIX = "/api/"
PUBLIC_BLUEPRINTS = {"respond", "home", "reports_web"}


def _is_api() -> bool:
    return request.blueprint == "api" or request.path.startswith(API_PREFIX)


def _is_public_page() -> bool:
    """Respondent and public pages keep the public look, even for someone signed in."""
    return not current_user.is_authenticated or request.blueprint in PUBLIC_BLUEPRINTS


def _page(template: str, error: HTTPException, api_message: str) -> Any:
    code = error.code or 500
    if _is_api():
        return jsonify(error=api_message), code
    return render_template(template, is_public_page=_is_public_page()), code


def forbidden(error: Forbidden) -> Any:
    return _page("errors/forbidden.html", error, "your role or scope does not allow this")


def not_found(error: NotFound) -> Any:
    return _page("errors/not_found.html", error, error.description or "not found")


def init_app(app: Flask) -> None:
    """Called once every blueprint is registered, so these are the app-wide handlers (an
    earlier ``app_errorhandler`` for the same code is replaced; API paths keep JSON here)."""
    app.register_error_handler(Forbidden, forbidden)
    app.register_error_handler(NotFound, not_found)
