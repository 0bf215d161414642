"""The bundled gunicorn configuration, read as gunicorn reads it, and the app served by it."""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path
from typing import Any

import pytest

from surveyapp.database import get_engine
from tests.conftest import make_app
from tests.factories import wave_with_invitations, wave_with_team_link
from tests.resilience.server import CSRF, ROOT, Browser, Gunicorn, serving
from tests.respond.conftest import SEALED

TOKEN = "K7QF2M9XABCDEFGHJKLMNPQRST"


def config(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_follow_the_cpu_count_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert config(monkeypatch)["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert config(monkeypatch, SURVEYAPP_WORKERS="3")["workers"] == 3


def test_bind_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert config(monkeypatch)["bind"] == ["127.0.0.1:8000"]
    assert config(monkeypatch, SURVEYAPP_BIND="0.0.0.0:8080, unix:/run/sv.sock")["bind"] == [
        "0.0.0.0:8080",
        "unix:/run/sv.sock",
    ]


def test_access_log_format_has_no_client_address_or_request_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = config(monkeypatch)
    assert settings["logger_class"] == "surveyapp.ops.access_log.RedactingLogger"
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(a)s", "%(f)s", "}i", "}e"):
        assert atom not in settings["access_log_format"]
    # Forwarded headers are the app's business (ProxyFix), not gunicorn's.
    assert settings["forwarded_allow_ips"] == ""
    assert settings["secure_scheme_headers"] == {}


def test_served_by_gunicorn_the_logs_hold_no_address_token_or_agent(sqlite_url: str) -> None:
    with serving(sqlite_url, workers=2, PROXY_HOPS="1") as server:
        for path in (f"/i/{TOKEN}?utm=mail", f"/t/{TOKEN.lower()}", f'/i/{TOKEN}/x y"z'):
            server.request("GET", path.replace(" ", "%20").replace('"', "%22"))
        browser_headers = {
            "User-Agent": "Mozilla/5.0 (Unique Phone 1234)",
            "X-Forwarded-For": "203.0.113.77",
            "Referer": f"https://mail.example/i/{TOKEN}",
        }
        health = _get_with_headers(server.port, "/healthz", browser_headers)
    log = server.log()  # respondents' requests are written as counts when the workers stop
    assert health == 200
    access = [line for line in log.splitlines() if line.startswith(("time=", "hour="))]
    assert len(access) >= 4, log
    assert "path=/i/[redacted] status=404 requests=" in log
    assert "path=/t/[redacted] status=404 requests=" in log
    for secret in (
        TOKEN,
        TOKEN.lower(),
        "127.0.0.1",
        "203.0.113.77",
        "Unique Phone",
        "utm=",
        "mail.example",
    ):
        assert secret not in log, secret
    assert all(len(line.split()) == (7 if line[0] == "t" else 6) for line in access), access
    assert any("path=/healthz status=200 bytes=" in line for line in access), access


def _get_with_headers(port: int, path: str, headers: dict[str, str]) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


RESPONDENT_LINE = re.compile(
    r"^hour=\d{4}-\d{2}-\d{2}T\d{2}Z method=[A-Z]+ path=\S+ status=\d{3} requests=(\d+) "
    r"worker=<\d+>$"
)
STAFF_LINE = re.compile(
    r"^time=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z method=[A-Z]+ path=(\S+) status=\d{3} "
    r"bytes=\d+ duration_ms=\d+ worker=<\d+>$"
)
RESPONDENT_PATHS = ("/survey", "/code", "/i/", "/t/", "/static/", "/privacy")


def _walk_a_journey(server: Gunicorn, code: str) -> int:
    """Enter by code, answer every page as a browser does, send; the POSTs to /survey made."""
    browser = Browser(server.port)
    page = browser.enter(code)
    assert page.status == 200, page.status
    posts = 0
    for number, fields in enumerate(({}, {"morale_valued_v1": "4"}, {}, {"role": "manager"})):
        form = {"csrf_token": CSRF.search(page.body).group(1), "page": str(number)}  # type: ignore[union-attr]
        sealed = SEALED.search(page.body)
        form.update({"answers": sealed.group(1)} if sealed else {})
        page = browser.request("POST", "/survey", {**form, **fields, "action": "next"})
        posts += 1
        assert page.status == 200, page.body[:500]
    assert "Check your answers" in page.body
    sealed = SEALED.search(page.body)
    done = browser.submit({"answers": sealed.group(1)} if sealed else {}, page)
    assert done.status == 200 and "Your answers have been sent" in done.body
    browser.request("GET", "/survey")
    browser.request("GET", "/static/app.css")
    browser.request("GET", "/privacy")
    return posts + 1


def test_respondents_are_counted_per_hour_and_staff_logged_per_request(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = make_app(sqlite_url, tmp_path)
    _wave, tokens = wave_with_invitations(app, count=2)
    _link_wave, link = wave_with_team_link(app)
    get_engine(app).dispose()
    with serving(sqlite_url, workers=2) as server:
        posts = sum(_walk_a_journey(server, code) for code in tokens)
        assert server.request("GET", f"/t/{link}").status == 303
        assert server.request("GET", f"/i/{TOKEN}").status == 404
        for path in ("/sign-in", "/admin/", "/insights/", "/api/v1/waves"):
            server.request("GET", path)
    log = server.log()  # after the workers stopped and wrote their counts
    assert "Booting worker" in log, log
    for line in log.splitlines():
        if any(f"path={path}" in line for path in RESPONDENT_PATHS):
            assert RESPONDENT_LINE.match(line), f"a respondent line with detail: {line}"
            assert "bytes=" not in line and "duration" not in line and ":" not in line, line
    counted = [RESPONDENT_LINE.match(line) for line in log.splitlines()]
    survey_posts = sum(
        int(match.group(1)) for match in counted if match and "POST path=/survey " in match.string
    )
    assert survey_posts == posts
    assert any(m and "path=/t/[redacted] status=303" in m.string for m in counted), log
    assert any(m and "path=/i/[redacted] status=404" in m.string for m in counted), log
    staff = {m.group(1) for line in log.splitlines() if (m := STAFF_LINE.match(line))}
    assert {"/sign-in", "/admin/", "/insights/", "/api/v1/waves", "/healthz"} <= staff, log
