"""Extensions shared by blueprints: CSRF protection (token and same-origin check) and rate limiting.

The limiter keys on the client address, for the length of a window, in storage that every
worker shares: by default the database (``database/rate_limits.py``, which stores only a keyed
hash of it), or Redis. The address never reaches the answer store or the logs (see logs.py).
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from . import same_origin
from .database.rate_limits import limiter_config

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def init_app(app: Flask) -> None:
    for name, value in limiter_config(app).items():
        app.config.setdefault(name, value)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    same_origin.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
