"""The bundled gunicorn configuration, read as gunicorn reads it, and the app served by it."""

from __future__ import annotations

import os
import runpy
from typing import Any

import pytest

from tests.resilience.server import ROOT, serving

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
        for path in (f"/i/{TOKEN}?utm=mail", f"/t/{TOKEN.lower()}", f"/i/{TOKEN}/x y\"z"):
            server.request("GET", path.replace(" ", "%20").replace('"', "%22"))
        browser_headers = {
            "User-Agent": "Mozilla/5.0 (Unique Phone 1234)",
            "X-Forwarded-For": "203.0.113.77",
            "Referer": f"https://mail.example/i/{TOKEN}",
        }
        health = _get_with_headers(server.port, "/healthz", browser_headers)
        log = server.log()
    assert health == 200
    access = [line for line in log.splitlines() if line.startswith("time=")]
    assert len(access) >= 4, log
    assert "path=/i/[redacted] status=404" in log
    assert "path=/t/[redacted] status=404" in log
    for secret in (TOKEN, TOKEN.lower(), "127.0.0.1", "203.0.113.77", "Unique Phone", "utm=",
                   "mail.example"):
        assert secret not in log, secret
    assert all(len(line.split()) == 7 for line in access), access


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

