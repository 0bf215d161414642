"""A built report opens offline with its charts; the board view passes axe-core."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, Route, expect
from werkzeug.serving import make_server

from surveyapp.accounts.passwords import hash_password
from surveyapp.database import get_engine, session_scope
from surveyapp.models import Role, User
from surveyapp.services.units import unit_by_key
from tests.conftest import make_app

from .conftest import LiveServer, LogCapture, axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "a long board member passphrase"


@pytest.fixture
def board_server(sqlite_demo_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    target = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_demo_template, target)
    app: Flask = make_app(f"sqlite:///{target}", tmp_path, RATELIMIT_ENABLED=False)
    with app.app_context(), session_scope(app) as session:
        root = unit_by_key(session, "northbridge")
        assert root is not None
        session.add(User(email="board@example.test", password_hash=hash_password(PASSWORD),
                         role=Role.VIEWER, scope_unit_id=root.id))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", LogCapture())
    server.shutdown()
    thread.join(timeout=10)
    get_engine(app).dispose()


def test_html_report_renders_offline_with_its_charts(board_server: LiveServer, desktop: Page,
                                                     tmp_path: Path) -> None:
    runner = board_server.app.test_cli_runner()
    out = tmp_path / "pack"
    result = runner.invoke(args=["report", "build", "--wave", "6", "--unit", "northbridge",
                                 "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    requested: list[str] = []

    def refuse(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    desktop.route("**/*", refuse)
    desktop.goto(next(out.glob("*.html")).as_uri())
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Workforce health")
    charts = desktop.locator("figure svg")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    assert [url for url in requested if not url.startswith("file://")] == []
    assert not axe_violations(desktop)
    desktop.screenshot(path="/tmp/staffvoice-board-pack.png", full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_board_view_passes_axe(board_server: LiveServer, viewport: str,
                               request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(viewport)
    page.goto(f"{board_server.url}/board/")
    page.get_by_label("Email address").fill("board@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{board_server.url}/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workforce health")
    assert not axe_violations(page)
    page.get_by_role("link", name="Northbridge Council Children's Services").first.click()
    expect(page.get_by_role("heading", name="Workforce context (entered figures)")).to_be_visible()
    assert not axe_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{board_server.url}/reports/verify")
    assert not axe_violations(page)
    page.goto(f"{board_server.url}/audit/")
    assert not axe_violations(page)
