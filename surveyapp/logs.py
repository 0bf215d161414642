"""Logging that never records who a respondent is.

The development server's access log starts every line with the client address, and an
invitation URL carries a token; both would tie a log line to a person (DESIGN.md §3.1). A
set-password link carries a token that would let a log reader choose a staff member's password.
A filter on every handler rewrites such records before they are written.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

ACCESS_PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")
SECRET_PATHS = re.compile(r"(/(?:i|t|set-password)/)[^\s/?\"]+")
ADDRESS = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b|(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.I
)


def redact(message: str) -> str:
    message = ACCESS_PREFIX.sub("", message)
    message = SECRET_PATHS.sub(r"\1[redacted]", message)
    return ADDRESS.sub("[address]", message)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        if " * Running on" not in message:
            record.msg, record.args = redact(message), None
        return True


def init_app(app: Flask) -> None:
    redacting = RedactingFilter()
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(redacting)
