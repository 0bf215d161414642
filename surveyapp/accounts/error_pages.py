"""Styled pages for 403 and 404: in the staff layout for signed-in staff, in the public layout
for everyone else (respondents and the public pages); the API's own JSON with its RFC 6750
challenges under ``/api/``.

A unit outside a reader's scope answers the same 404 as one that does not exist
(``access.readable_unit``), so this page says nothing about which it was.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, NotFound

from .access import api_forbidden, api_not_found, is_api_request

PUBLIC_BLUEPRINTS = {"respond", "home", "reports_web"}


def _is_public_page() -> bool:
    """Respondent and public pages keep the public look, even for someone signed in."""
    return not current_user.is_authenticated or request.blueprint in PUBLIC_BLUEPRINTS


def forbidden(_error: Forbidden) -> Any:
    if is_api_request():
        return api_forbidden("your role or scope does not allow this")
    return render_template("errors/forbidden.html", is_public_page=_is_public_page()), 403


def not_found(error: NotFound) -> Any:
    if is_api_request():
        return api_not_found(error.description)
    return render_template("errors/not_found.html", is_public_page=_is_public_page()), 404


def init_app(app: Flask) -> None:
    """Called once every blueprint is registered, so these are the app-wide handlers (an
    earlier ``app_errorhandler`` for the same code is replaced)."""
    app.register_error_handler(Forbidden, forbidden)
    app.register_error_handler(NotFound, not_found)
