"""Gunicorn's logger, made to keep respondents out of the logs (DESIGN.md §3.1, §3.2, §3.8).

Gunicorn's stock access log starts with the client address and records the raw request line,
the referrer, the user agent, and any request header or environ value a format asks for. This
logger offers a format only the atoms below: time, method, path (invitation and team-link
tokens replaced by ``[redacted]``), status, size, duration and worker. The query string is never
logged. Every other atom (``h``, ``r``, ``q``, ``f``, ``a``, ``{header}i``, ``{name}e`` ...) reads
as ``-``, whatever format a deployer sets. Both of gunicorn's loggers also get the app's redacting
filter, so a client address in an error message (``Invalid request from ip=...``) is masked too.

Only staff areas (``logs.STAFF_AREAS``) are logged a line per request. Respondents' requests
are counted instead, per hour, method, route and status, and written as one line per group
when the hour is over (by a timer, so the moment a line is written is the hour's, not a
request's) and when the worker exits. A line per request would not do even without its size
and with its time cut to the hour: the line is written as the request ends, so its place
among the staff lines (which carry seconds) and the time stamp journald or a container
runtime puts on every line it receives would still time it, and the last request of a
journey is when someone sent their answers. Counts keep what operators need from these
routes: how many, and how many failed.

Used by ``gunicorn.conf.py`` as ``logger_class``; its ``worker_exit`` hook writes the counts.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

from surveyapp.logs import RedactingFilter, is_staff_path, redact

ACCESS_LOG_FORMAT = (
    "time=%(t)s method=%(m)s path=%(U)s status=%(s)s bytes=%(b)s duration_ms=%(M)s worker=%(p)s"
)
# Characters kept as they are in a logged path; anything else (spaces, quotes, control
# characters) is percent-encoded so that one request is one parseable line.
PATH_SAFE = "/-._~!$&'()*+,;=:@[]%"
COUNTED_PATHS = ("/", "/code", "/survey", "/privacy", "/token")
COUNTED_PREFIXES = {
    "/i/": "/i/[redacted]",
    "/t/": "/t/[redacted]",
    "/static/": "/static/*",
    "/sso/": "/sso/*",
}
HOUR_FORMAT = "%Y-%m-%dT%HZ"


def safe_path(path: str) -> str:
    return quote(redact(path), safe=PATH_SAFE)


def counted_route(path: str) -> str:
    """The group a respondent-side path is counted under: few, and never a token."""
    if path in COUNTED_PATHS:
        return path
    for prefix, route in COUNTED_PREFIXES.items():
        if path.startswith(prefix):
            return route
    return "other"


def _hour(moment: dt.datetime) -> str:
    return moment.strftime(HOUR_FORMAT)


class HourlyCounts:
    """Requests counted per (hour, method, route, status) in one worker, written hour by hour."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str, str]] = Counter()
        self._pid = 0
        self._wake = threading.Event()

    def add(self, method: str, route: str, status: str) -> None:
        with self._lock:
            if self._pid != os.getpid():  # first count in this (forked) worker
                self._pid = os.getpid()
                self._counts.clear()
                threading.Thread(target=self._each_hour, daemon=True).start()
            self._counts[(_hour(dt.datetime.now(dt.UTC)), method, route, status)] += 1

    def flush(self, before: str | None = None) -> None:
        """Write the counts of every hour earlier than ``before`` (all of them if None)."""
        with self._lock:
            done = sorted(key for key in self._counts if before is None or key[0] < before)
            lines = [
                f"hour={hour} method={method} path={route} status={status} "
                f"requests={self._counts.pop((hour, method, route, status))} worker=<{self._pid}>"
                for hour, method, route, status in done
            ]
        for line in lines:
            self._write(line)

    def _each_hour(self) -> None:
        while True:
            now = dt.datetime.now(dt.UTC)
            next_hour = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
            self._wake.wait((next_hour - now).total_seconds() + 1)
            self.flush(before=_hour(dt.datetime.now(dt.UTC)))


class RedactingLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactingFilter) for f in log.filters):
                log.addFilter(RedactingFilter())
        self.respondent_counts = HourlyCounts(self.access_log.info)

    def access(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> None:
        path = environ.get("PATH_INFO") or "/"
        if is_staff_path(path):
            super().access(resp, req, environ, request_time)
        elif self.access_log_enabled:
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            method = quote(environ.get("REQUEST_METHOD", "-"), safe="")
            self.respondent_counts.add(method, counted_route(path), str(status))

    def flush_counts(self) -> None:
        """Write every count held (``worker_exit`` in gunicorn.conf.py)."""
        self.respondent_counts.flush()

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> dict[str, Any]:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        return {
            "t": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "m": environ.get("REQUEST_METHOD", "-"),
            "U": safe_path(environ.get("PATH_INFO") or "/"),
            "s": status,
            "b": str(sent) if sent is not None else "-",
            "B": sent,
            "T": request_time.seconds,
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
            "D": request_time.seconds * 1_000_000 + request_time.microseconds,
            "L": f"{request_time.seconds}.{request_time.microseconds:06d}",
            "p": f"<{os.getpid()}>",
        }
