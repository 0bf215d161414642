"""A live server on loopback and Playwright driving Debian's Chromium (no browser download).

The server is the same WSGI app behind werkzeug's threaded server (what `surveyapp run` uses);
everything its loggers write during a test is captured, so tests can prove that no token, code
or address reaches the logs.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from surveyapp.database import get_engine
from tests.conftest import make_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("CI"):
        pytest.fail("Chromium is required in CI (make test installs Debian's chromium)")
    pytest.skip("Chromium is not installed here; browser tests skipped")
    raise AssertionError


@dataclass
class LogCapture(logging.Handler):
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def __hash__(self) -> int:
        return id(self)


@dataclass
class LiveServer:
    app: Flask
    url: str
    logs: LogCapture


@pytest.fixture
def live_server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    app = make_app(sqlite_url, tmp_path, RATELIMIT_ENABLED=False)
    capture = LogCapture()
    loggers = [logging.getLogger(n) for n in ("werkzeug", app.logger.name, "flask-limiter")]
    for logger in loggers:
        logger.addHandler(capture)
        logger.setLevel(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", capture)
    server.shutdown()
    thread.join(timeout=10)
    for logger in loggers:
        logger.removeHandler(capture)
    get_engine(app).dispose()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def no_javascript(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    yield context.new_page()
    context.close()


SCREENSHOTS = os.environ.get("STAFFVOICE_SCREENSHOTS")
"""A folder to keep the tests' full-page screenshots in, for a person to look at; unset, none
are kept."""


def keep_screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every axe-core violation on the page, whatever its impact, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


DEMO_PASSWORD = "a long demo passphrase for tests"
DEMO_USERS = {"analyst@example.test": "analyst", "board@example.test": "viewer"}


@pytest.fixture
def demo_server(sqlite_demo_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The demo council served on loopback, with an analyst and a board viewer who can sign in
    with ``DEMO_PASSWORD``."""
    from surveyapp.database import session_scope
    from surveyapp.domain.roles import Role
    from surveyapp.models import User
    from surveyapp.services.passwords import hash_password
    from surveyapp.services.units import unit_by_key

    target = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_demo_template, target)
    app = make_app(f"sqlite:///{target}", tmp_path, RATELIMIT_ENABLED=False)
    with app.app_context(), session_scope(app) as session:
        root = unit_by_key(session, "northbridge")
        assert root is not None
        for email, role in DEMO_USERS.items():
            session.add(
                User(
                    email=email,
                    password_hash=hash_password(DEMO_PASSWORD),
                    role=Role(role),
                    scope_unit_id=root.id,
                    can_see_comments=role != "viewer",
                )
            )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", LogCapture())
    server.shutdown()
    thread.join(timeout=10)
    get_engine(app).dispose()
