import logging

import pytest

from surveyapp.logs import RedactingFilter, redact


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
