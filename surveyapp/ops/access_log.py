"""Gunicorn's logger, made to keep respondents out of the logs (DESIGN.md §3.1, §3.2).

Gunicorn's stock access log starts with the client address and records the raw request line,
the referrer, the user agent, and any request header or environ value a format asks for. This
logger offers a format only the atoms below: time, method, path (invitation and team-link
tokens replaced by ``[redacted]``), status, size, duration and worker. The query string is never
logged. Every other atom (``h``, ``r``, ``q``, ``f``, ``a``, ``{header}i``, ``{name}e`` ...) reads
as ``-``, whatever format a deployer sets. Both of gunicorn's loggers also get the app's redacting
filter, so a client address in an error message (``Invalid request from ip=...``) is masked too.

Used by ``gunicorn.conf.py`` as ``logger_class``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

from surveyapp.logs import RedactingFilter, redact

ACCESS_LOG_FORMAT = (
    "time=%(t)s method=%(m)s path=%(U)s status=%(s)s bytes=%(b)s duration_ms=%(M)s worker=%(p)s"
)
# Characters kept as they are in a logged path; anything else (spaces, quotes, control
# characters) is percent-encoded so that one request is one parseable line.
PATH_SAFE = "/-._~!$&'()*+,;=:@[]%"


def safe_path(path: str) -> str:
    return quote(redact(path), safe=PATH_SAFE)


class RedactingLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactingFilter) for f in log.filters):
                log.addFilter(RedactingFilter())

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
