"""Fifty browsers send answers through one team link at the same moment: the cap holds exactly.

Each browser opens the team link and the survey on real gunicorn with several worker processes
(so each holds its own one-time entry), then all of them submit at once, on SQLite and on
PostgreSQL. The conditional UPDATE of the link's count lets exactly ``cap`` through; every
other browser is told the link is full, and nothing of theirs is stored.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.entry_limits import team_link_response_cap
from surveyapp.models import TeamLink
from tests.conftest import make_app
from tests.factories import wave_with_team_link
from tests.respond.conftest import FULL_ANSWERS

from .conftest import read_store
from .server import Browser, Reply, run_threads, serving

BROWSERS = 50
TEAM_B_HEADCOUNT = 6


def test_fifty_concurrent_submissions_through_a_team_link_store_exactly_its_cap(
    tmp_path: Path, database_url: str
) -> None:
    app = make_app(database_url, tmp_path)
    _wave, token = wave_with_team_link(app)
    get_engine(app).dispose()
    cap = team_link_response_cap(TEAM_B_HEADCOUNT)
    with serving(database_url, workers=4) as server:
        browsers = [Browser(server.port) for _ in range(BROWSERS)]
        pages: list[Reply] = []
        for browser in browsers:
            assert browser.request("GET", f"/t/{token}").status == 303
            pages.append(browser.request("GET", "/survey"))
            assert pages[-1].status == 200
        barrier = threading.Barrier(BROWSERS, timeout=60)
        outcomes: list[int | str] = [0] * BROWSERS

        def submit(index: int) -> None:
            barrier.wait()
            try:
                reply = browsers[index].submit(FULL_ANSWERS, pages[index])
            except OSError as error:
                outcomes[index] = type(error).__name__
                return
            stored = reply.status == 200 and "Thank you" in reply.body
            full = reply.status == 409 and "expected for the team" in reply.body
            outcomes[index] = "stored" if stored else "full" if full else reply.status

        run_threads(BROWSERS, submit, timeout=180)

    assert Counter(outcomes) == {"stored": cap, "full": BROWSERS - cap}
    after = read_store(database_url, tmp_path)
    assert after.responses == cap and after.partial_responses == 0
    assert after.comments == 2 * cap
    app = make_app(database_url, tmp_path)
    with app.app_context(), session_scope(app) as session:
        assert session.scalars(select(TeamLink.responses_accepted)).one() == cap
    get_engine(app).dispose()
