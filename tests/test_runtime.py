"""What the app builds once from its settings, and how views and commands reach it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from surveyapp.runtime import runtime
from tests.conftest import make_app


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    (folder / "redact-names.txt").write_text("Sam Patel\n", encoding="utf-8")
    return folder


def test_built_once_from_the_settings(sqlite_url: str, tmp_path: Path, instance: Path) -> None:
    app = make_app(sqlite_url, tmp_path, LIVE_RESULTS=True, SESSION_IDLE_MINUTES=7)
    running = runtime(app)
    assert running.plan_settings.live_results
    assert running.session_limits.idle.total_seconds() == 7 * 60
    assert running.redactor("Ask Sam Patel") == "Ask [name removed]"
    cipher = running.answer_cipher
    assert cipher.open(cipher.seal(b"kept", b"aad"), b"aad") == b"kept"
    assert running.plan_settings.answer_cipher is running.answer_cipher
    assert running.keyring.folder == Path(app.config["SIGNING_KEYS_DIR"])
    assert "social-work-pulse" in running.banks
    with pytest.raises(TypeError):
        running.banks["another"] = running.banks["social-work-pulse"]  # type: ignore[index]
    with app.app_context():
        assert runtime() is running  # the same object for every request and command


def test_each_app_has_its_own(sqlite_app: Flask, sqlite_url: str, tmp_path: Path) -> None:
    other = make_app(sqlite_url, tmp_path / "other")
    assert runtime(other) is not runtime(sqlite_app)
    assert not runtime(sqlite_app).plan_settings.live_results
