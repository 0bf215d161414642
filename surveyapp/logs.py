"""Logging that never records who a respondent is, nor when they answered, nor how much.

The development server's access log starts every line with the client address, and an
invitation URL carries a token; both would tie a log line to a person (DESIGN.md §3.1). A
set-password link carries a token that would let a log reader choose a staff member's password.
The language link's ``?lang=cy`` would tell who, in a team, reads in Welsh.
A filter on every handler rewrites such records before they are written.

A line's time and size say something too (DESIGN.md §3.8): the time of the last request of a
journey is when someone sent their answers, and a page's size once gave an answer away. So
only staff areas (``STAFF_AREAS``) are logged in detail. Every other request is a respondent's,
or could be one (the survey, the code page, links, the public pages and the static files a
survey page loads): gunicorn counts those per hour (``ops/access_log.py``); on the development
server their lines lose the size, and the record's time is set back to the start of its hour,
so no formatter can print a finer one.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

ACCESS_PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")
SECRET_PATHS = re.compile(r"(/(?:i|t|set-password)/)[^\s/?\"]+")
# The provider's callback carries the authorization code and state in its query.
SECRET_QUERIES = re.compile(r"(/sso/[^\s?\"]*)\?[^\s\"]*")
LANGUAGE_CHOICE = re.compile(r"(?<=[?&])lang=[^&\s\"]*&?|[?&]lang=[^&\s\"]*(?=[\s\"]|$)")
"""The language link's ``lang=``: which language someone reads in is never logged (languages.py)."""
STAFF_AREAS = (
    "/account",
    "/actions",
    "/admin",
    "/api",
    "/audit",
    "/board",
    "/healthz",
    "/insights",
    "/password-set",
    "/reports",
    "/set-password",
    "/sign-in",
    "/sign-out",
    "/sign-out-everywhere",
    "/signed-out",
)
"""Paths logged request by request; everything else is counted per hour. A new staff area that
is not listed here loses detail rather than a respondent losing anonymity."""
DEV_ACCESS_LINE = re.compile(r'^"(?P<request>[^"]*)" (?P<status>\S+) (?P<size>\S+)$')
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HOUR = 3600
ADDRESS = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b|(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.I
)


def is_staff_path(path: str) -> bool:
    return any(path == area or path.startswith(area + "/") for area in STAFF_AREAS)


def redact(message: str) -> str:
    message = ACCESS_PREFIX.sub("", message)
    message = SECRET_PATHS.sub(r"\1[redacted]", message)
    message = SECRET_QUERIES.sub(r"\1?[redacted]", message)
    message = LANGUAGE_CHOICE.sub("", message)
    return ADDRESS.sub("[address]", message)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        if " * Running on" not in message:
            record.msg, record.args = redact(message), None
            if record.name == "werkzeug":
                _coarsen_respondent_line(record)
        return True


def _coarsen_respondent_line(record: logging.LogRecord) -> None:
    """A development server access line of a respondent route: no size, its hour for a time."""
    line = DEV_ACCESS_LINE.match(str(record.msg))
    if line is None:
        return
    parts = ANSI.sub("", line["request"]).split()
    if len(parts) > 1 and is_staff_path(parts[1].split("?", 1)[0]):
        return
    record.msg = f'"{line["request"]}" {line["status"]}'
    record.created -= record.created % HOUR
    record.msecs = record.relativeCreated = 0.0


def init_app(app: Flask) -> None:
    redacting = RedactingFilter()
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(redacting)
