"""Staff accounts: sign-in, roles and scopes. Respondents never have an account.

A signed-in browser holds the id of a server-side session record (``signed_in``), checked on
every request, so signing out, a new password or deactivation ends it at once. The read API
also accepts a personal token as ``Authorization: Bearer``, and only the API does.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, current_app, request
from flask_login import LoginManager, current_user

from surveyapp.database import db
from surveyapp.models import User
from surveyapp.services.api_tokens import user_for_token

from . import error_pages, signed_in
from .access import is_api_request, presented_bearer_token
from .navigation import ROLE_NAMES, home_endpoint, staff_links
from .routes import bp

__all__ = ["bp", "error_pages", "init_app", "login_manager"]

login_manager = LoginManager()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if is_api_request() and "Authorization" in request.headers:
        return None  # a presented token decides, not a cookie that came along with it
    return signed_in.load(user_id)


@login_manager.request_loader
def _load_user_from_token(incoming: Request) -> User | None:
    if not is_api_request(incoming):
        return None
    token = presented_bearer_token(incoming)
    if token is None:
        return None
    return user_for_token(db(), current_app.config["TOKEN_PEPPER"], token)


def _navigation() -> dict[str, Any]:
    """The staff navigation and home, for the staff layout and the error pages."""
    if not current_user.is_authenticated:
        return {}
    return {
        "staff_links": staff_links(current_user.role),
        "home_endpoint": home_endpoint(current_user.role),
        "role_names": {role.value: name for role, name in ROLE_NAMES.items()},
    }


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    # Sessions carry no address-derived fingerprint to check; revocation is server-side.
    login_manager.session_protection = None
    # No remember-me is offered; should one ever be added, its cookie gets the session's flags.
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    signed_in.init_app(app)
    app.context_processor(_navigation)
