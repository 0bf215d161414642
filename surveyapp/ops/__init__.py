"""Running in production: health check, database outages, reverse proxy, HSTS, bounded ids.

``init_app`` is called once at the end of ``create_app``. The gunicorn side (worker count, bind
address, the redacting access log) lives in ``gunicorn.conf.py`` and ``access_log.py``.
"""

from __future__ import annotations

from flask import Flask

from . import outage, proxy
from .health import bp as health_bp
from .ids import bound_integer_ids

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    app.register_blueprint(health_bp)
    outage.init_app(app)
    proxy.init_app(app)
    bound_integer_ids(app)  # last: every blueprint's rules are registered by now
