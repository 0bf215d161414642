"""Forwarded headers are believed only from as many proxies as configured; HSTS only over HTTPS."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request

from surveyapp.accounts.access import public
from surveyapp.config import ConfigError, load
from surveyapp.database import get_engine
from tests.conftest import make_app

# The browser (203.0.113.9) reached the first proxy over HTTPS; that proxy (198.51.100.4) passed
# the request on to a second one over plain HTTP.
FORWARDED = {"X-Forwarded-Proto": "https, http", "X-Forwarded-For": "203.0.113.9, 198.51.100.4"}


def app_with_hops(sqlite_url: str, tmp_path: Path, hops: int) -> Flask:
    app = make_app(sqlite_url, tmp_path, PROXY_HOPS=hops)

    @public
    def seen() -> dict[str, object]:
        return {"secure": request.is_secure, "remote": request.remote_addr}

    app.add_url_rule("/seen", "seen", seen)
    return app


@pytest.mark.parametrize(
    ("hops", "secure", "remote"),
    [(0, False, "127.0.0.1"), (1, False, "198.51.100.4"), (2, True, "203.0.113.9")],
)
def test_forwarded_headers_count_only_behind_configured_proxies(
    sqlite_url: str, tmp_path: Path, hops: int, secure: bool, remote: str
) -> None:
    app = app_with_hops(sqlite_url, tmp_path, hops)
    response = app.test_client().get("/seen", headers=FORWARDED)
    assert response.get_json() == {"secure": secure, "remote": remote}
    assert ("Strict-Transport-Security" in response.headers) is secure
    get_engine(app).dispose()


def test_hsts_only_on_https(client) -> None:  # type: ignore[no-untyped-def]
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://survey.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_proxy_hops_default_to_none_and_refuse_negatives(tmp_path: Path) -> None:
    assert load({}, tmp_path)["PROXY_HOPS"] == 0
    assert load({"SURVEYAPP_PROXY_HOPS": "1"}, tmp_path)["PROXY_HOPS"] == 1
    with pytest.raises(ConfigError, match="SURVEYAPP_PROXY_HOPS is not valid"):
        load({"SURVEYAPP_PROXY_HOPS": "-1"}, tmp_path)
