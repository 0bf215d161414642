"""Respondents' requests in gunicorn's log: counted per hour, written once the hour is over."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from surveyapp.ops.access_log import HourlyCounts, counted_route

LINE = re.compile(
    r"^hour=\d{4}-\d{2}-\d{2}T\d{2}Z method=[A-Z]+ path=\S+ status=\d{3} requests=\d+ "
    r"worker=<\d+>$"
)


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/survey", "/survey"),
        ("/i/K7QF2M9XAB", "/i/[redacted]"),
        ("/t/anything/at/all", "/t/[redacted]"),
        ("/static/app.css", "/static/*"),
        ("/", "/"),
        ("/token", "/token"),
        ("/sso/callback?code=secret&state=x", "/sso/*"),
        ("/wp-login.php", "other"),
        ("/survey/../etc", "other"),
    ],
)
def test_routes_are_few_and_hold_no_token(path: str, route: str) -> None:
    assert counted_route(path) == route


def test_counts_wait_for_their_hour_to_end() -> None:
    written: list[str] = []
    counts = HourlyCounts(written.append)
    for status in ("200", "200", "400"):
        counts.add("POST", "/survey", status)
    this_hour = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%HZ")
    counts.flush(before="2000-01-01T00Z")
    assert written == []
    counts.flush()  # a worker that stops writes what it holds
    assert [line.split(" worker=")[0] for line in written] == [
        f"hour={this_hour} method=POST path=/survey status=200 requests=2",
        f"hour={this_hour} method=POST path=/survey status=400 requests=1",
    ]
    assert all(LINE.match(line) for line in written)
    counts.flush()
    assert len(written) == 2, "nothing is written twice"
