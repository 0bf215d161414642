"""A thousand browsers redeem one invitation code at the same moment: exactly one response is kept.

Each browser types the code and opens the survey (all of them may: the code is only checked
then), then all of them send their answers at once to real gunicorn with several worker
processes on a loopback port, on SQLite and on PostgreSQL. The conditional UPDATE that burns the
invitation lets exactly one through; every other browser is told the code has been used.

The typing and opening is done through the app in this process (same secrets, same database):
it makes the same session cookies in a fraction of the time, and what is under test is the
moment of submission.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from surveyapp.database import get_engine
from tests.conftest import make_app
from tests.respond.conftest import FULL_ANSWERS, csrf_of

from .conftest import Store
from .server import Browser, Reply, run_threads, serving

BROWSERS = 1000


def enter_in_process(app: Flask, code: str) -> tuple[str, Reply]:
    """Type the code at /code and open /survey; the browser's session cookie and the page."""
    client = app.test_client()
    token = csrf_of(client.get("/code").get_data(as_text=True))
    assert client.post("/code", data={"csrf_token": token, "code": code}).status_code == 303
    page = client.get("/survey")
    assert page.status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value, Reply(200, page.get_data(as_text=True), {})


def test_a_thousand_concurrent_redemptions_of_one_code_store_one_response(
    tmp_path: Path,
    database_url: str,
    codes: Callable[[str, int], list[str]],
    store: Callable[[str], Store],
) -> None:
    [code] = codes(database_url, 1)
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=False)  # like the server's
    entered = [enter_in_process(app, code) for _ in range(BROWSERS)]
    get_engine(app).dispose()
    with serving(database_url, workers=4) as server:
        browsers = [Browser(server.port, cookie=cookie) for cookie, _page in entered]
        pages = [page for _cookie, page in entered]

        barrier = threading.Barrier(BROWSERS, timeout=60)
        outcomes: list[int | str] = [0] * BROWSERS

        def submit(index: int) -> None:
            page = pages[index]
            barrier.wait()
            try:
                reply = browsers[index].submit(FULL_ANSWERS, page)
            except OSError as error:  # would mean the server dropped a connection
                outcomes[index] = type(error).__name__
                return
            kept = reply.status == 200 and "Thank you" in reply.body
            used = reply.status == 410 and "already been used" in reply.body
            outcomes[index] = "stored" if kept else "used" if used else reply.status

        run_threads(BROWSERS, submit, timeout=180)

    assert Counter(outcomes) == {"stored": 1, "used": BROWSERS - 1}
    after = store(database_url)
    after.assert_whole()
    assert after.responses == 1
