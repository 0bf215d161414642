"""Staff Voice: an anonymous staff survey platform. ``create_app`` builds the Flask app."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from . import answer_keys, database, extensions, headers, input_guard, languages, logs, runtime
from . import config as settings
from .paths import DEFAULT_INSTANCE, REPORTS


def create_app(config: Mapping[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the app. ``config`` overrides ``SURVEYAPP_*`` settings (same whitelist)."""
    app = Flask(__name__, instance_path=instance_path or str(DEFAULT_INSTANCE))
    loaded = settings.load(os.environ, Path(app.instance_path), config)
    app.config.update(loaded)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=loaded["ENV"] == "production",
        # The cookie itself expires with the browser session (``session.permanent`` is never
        # set) and Flask refuses one signed longer ago than this; the staff session's record
        # enforces the same lifetime and the idle timeout on the server (accounts/signed_in).
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=loaded["SESSION_MAX_HOURS"]),
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    runtime.init_app(app)  # the banks, cipher, keyring and more, built once (runtime.py)
    database.init_app(app)
    answer_keys.init_app(app)
    input_guard.init_app(app)  # before extensions: unreadable input is refused ahead of CSRF
    extensions.init_app(app)
    headers.init_app(app)
    languages.init_app(app)  # the reader's language: link, session, Accept-Language
    logs.init_app(app)

    from . import accounts, audit
    from .account_tokens import bp as account_tokens_bp
    from .accounts.access import refuse_routes_without_a_rule
    from .actions import bp as actions_bp
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .board import bp as board_bp
    from .home import bp as home_bp
    from .insights import bp as insights_bp
    from .invitations import bp as invitations_bp
    from .passwords import bp as passwords_bp
    from .reports_web import bp as reports_web_bp
    from .respond import bp as respond_bp
    from .sso import bp as sso_bp
    from .sso import init_app as init_sign_in_sessions
    from .staff import bp as staff_bp

    accounts.init_app(app)
    audit.init_app(app)
    init_sign_in_sessions(app)  # the sign-in's own cookie under /sso/ (sso/cookie.py)
    for blueprint in (
        home_bp,
        respond_bp,
        sso_bp,
        accounts.bp,
        account_tokens_bp,
        passwords_bp,
        admin_bp,
        invitations_bp,
        staff_bp,
        insights_bp,
        api_bp,
        board_bp,
        reports_web_bp,
        audit.bp,
        actions_bp,
    ):
        app.register_blueprint(blueprint)
    accounts.error_pages.init_app(app)  # after every blueprint: the one 403 and 404 pages
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PrefixLoader({"reports": FileSystemLoader(REPORTS)})]
    )  # type: ignore[list-item]

    from . import ops

    ops.init_app(app)

    from .cli import init_app as init_cli

    init_cli(app)
    refuse_routes_without_a_rule(app)
    return app
