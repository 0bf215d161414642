"""Extensions shared by blueprints: CSRF protection (token and same-origin check) and rate limiting.

The limiter keys on the client address in its own storage (memory by default, or Redis when
several app servers run) only for the length of a window; it never reaches the answer store or
the logs (see logs.py).
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from . import same_origin

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["RATELIMIT_STORAGE_URL"])
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    same_origin.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
