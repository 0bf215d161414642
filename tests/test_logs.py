import logging

import pytest
from flask import Flask

from surveyapp.logs import RedactingFilter, is_staff_path, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('127.0.0.1 - - [23/Nov/2026 10:00:01] "GET / HTTP/1.1" 200 -', '"GET / HTTP/1.1" 200 -'),
        ('"GET /i/K7QF2M9XAB HTTP/1.1" 302 -', '"GET /i/[redacted] HTTP/1.1" 302 -'),
        ("refused 10.1.2.3 and ::1", "refused [address] and [address]"),
        ("GET /insights/3", "GET /insights/3"),
        (
            '"GET /set-password/Xy_9-abc HTTP/1.1" 303',
            '"GET /set-password/[redacted] HTTP/1.1" 303',
        ),
        ('"POST /set-password HTTP/1.1" 303', '"POST /set-password HTTP/1.1" 303'),
        (
            '"GET /sso/callback?code=abc123&state=xyz HTTP/1.1" 303',
            '"GET /sso/callback?[redacted] HTTP/1.1" 303',
        ),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert redact(line) == expected


def test_filter_rewrites_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info('%s - - [%s] "%s" 200', "192.168.0.7", "now", "GET /i/secret")
    assert caplog.messages == ['"GET /i/[redacted]" 200']


def _werkzeug_record(message: str, created: float) -> logging.LogRecord:
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, message, None, None)
    record.created, record.msecs = created, created % 1 * 1000
    return record


@pytest.mark.parametrize(
    ("request_line", "status", "kept"),
    [
        ("POST /survey HTTP/1.1", "200", '"POST /survey HTTP/1.1" 200'),
        ("GET /i/K7QF2M9XAB HTTP/1.1", "303", '"GET /i/[redacted] HTTP/1.1" 303'),
        ("POST /sso/sign HTTP/1.1", "200", '"POST /sso/sign HTTP/1.1" 200'),
        ("POST /token HTTP/1.1", "303", '"POST /token HTTP/1.1" 303'),
        ("\x1b[33mGET /static/app.css HTTP/1.1\x1b[0m", "304", None),
    ],
)
def test_the_development_server_logs_respondents_with_no_size_or_time_within_the_hour(
    request_line: str, status: str, kept: str | None
) -> None:
    moment = 1_795_000_000.123  # 2026-11-18 11:06:40.123 UTC
    record = _werkzeug_record(f'127.0.0.1 - - [now] "{request_line}" {status} 4711', moment)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == (kept or f'"{request_line}" {status}')
    assert record.created == moment - moment % 3600 and record.msecs == 0


def test_the_development_server_logs_staff_areas_in_full() -> None:
    record = _werkzeug_record('"GET /admin/ HTTP/1.1" 200 4711', 1_795_000_000.5)
    RedactingFilter().filter(record)
    assert record.getMessage() == '"GET /admin/ HTTP/1.1" 200 4711'
    assert record.created == 1_795_000_000.5


def test_every_route_is_either_a_staff_area_or_counted(sqlite_app: Flask) -> None:
    """Respondents' routes, and the public pages and files they load, are never staff areas;
    every route of a staff blueprint is one, so it keeps its detail (signing in for a token is a
    respondent's; "You said, we did" is a public page of the actions blueprint: staff open it
    from a poster's QR code)."""
    public = {"respond", "sso", "home", None}
    public_pages = {"actions.staff_page"}
    for rule in sqlite_app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0] or None
        path = rule.rule.split("<", 1)[0]
        is_public = blueprint in public or rule.endpoint in public_pages
        assert is_staff_path(path) == (not is_public), rule.rule
