"""Gunicorn settings for Staff Voice. Run from the project folder: ``gunicorn wsgi:app``.

Gunicorn reads this file by itself when started in the folder that holds it (or give it with
``-c gunicorn.conf.py``). Settings come from the same ``SURVEYAPP_*`` variables as the app:

- ``SURVEYAPP_BIND``: where to listen, default ``127.0.0.1:8000`` (a reverse proxy in front
  terminates TLS; see docs/PRODUCTION.md). Several addresses may be given, comma-separated.
- ``SURVEYAPP_WORKERS``: worker processes; 0 (the default) means twice the CPU cores plus one.
- ``SURVEYAPP_PROXY_HOPS`` is read by the app, not here: the app's ProxyFix is the one place that
  decides which ``X-Forwarded-*`` headers to believe, so gunicorn's own handling is turned off.

The access log goes to standard output, with no client address, no query string and no
invitation token: a line per request for staff areas, and respondents' requests counted per
hour, with no size and no time finer than the hour (``surveyapp.ops.access_log``).
"""

import os
from typing import Any

from surveyapp.ops.access_log import ACCESS_LOG_FORMAT


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _workers() -> int:
    configured = int(os.environ.get("SURVEYAPP_WORKERS") or 0)
    return configured if configured > 0 else 2 * _cores() + 1


bind = [part.strip() for part in os.environ.get("SURVEYAPP_BIND", "127.0.0.1:8000").split(",")]
workers = _workers()
worker_class = "sync"
# Import the app once in the master and fork the workers from it: workers start at once (a new
# one replaces a dead one in milliseconds) and share the imported code's memory. Code changes
# need a restart, not a HUP.
preload_app = True
# A request that takes longer than this is killed with its worker; its transaction never
# commits, so nothing of it is kept.
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500

accesslog = "-"
access_log_format = ACCESS_LOG_FORMAT
errorlog = "-"
loglevel = "info"
logger_class = "surveyapp.ops.access_log.RedactingLogger"

# Forwarded headers are judged by the app's ProxyFix (SURVEYAPP_PROXY_HOPS), not by gunicorn.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
# No runtime control socket: nothing to manage it with, and no socket file in $HOME.
control_socket_disable = True


def post_fork(_server: Any, worker: Any) -> None:
    """Each worker opens its own database connections: none may cross a fork."""
    from flask import Flask

    from surveyapp.database import get_engine
    from surveyapp.database.session import EXTENSION

    app = getattr(worker.app, "callable", None)  # the app the master preloaded
    if isinstance(app, Flask) and EXTENSION in app.extensions:
        get_engine(app).dispose(close=False)


def post_worker_init(worker: Any) -> None:
    """Each worker starts the chart engine before its first request, not during it, and says
    when it is ready to serve (until then the other workers take every request)."""
    from surveyapp.ops.warm_up import start_engine

    start_engine()
    worker.log.info("Worker ready")


def worker_exit(_server: Any, worker: Any) -> None:
    """A worker that stops writes the respondents' requests it counted, so none are lost."""
    flush = getattr(worker.log, "flush_counts", None)
    if callable(flush):
        flush()
