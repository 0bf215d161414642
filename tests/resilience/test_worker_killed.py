"""SIGKILL one gunicorn worker while respondents are submitting: nothing partial is ever kept.

Clients outnumber workers, so every worker is in the middle of a request when one is killed.
Whatever that request was doing dies with it; a transaction that did not commit leaves nothing.
Afterwards: every submission that was answered "sent" is stored, no response lacks an answer,
burned invitations and stored responses match one for one, and the master has replaced the
worker and carried on serving.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable

from tests.respond.conftest import FULL_ANSWERS

from .conftest import Store
from .server import Browser, run_threads, serving

JOURNEYS = 240
CLIENTS = 16
WORKERS = 3


def test_killing_a_worker_under_load_loses_no_confirmed_response_and_leaves_none_partial(
    database_url: str,
    codes: Callable[[str, int], list[str]],
    store: Callable[[str], Store],
) -> None:
    tokens = codes(database_url, JOURNEYS)
    confirmed: list[str] = []
    broken: list[str] = []
    finished_after_kill: list[str] = []
    killed = threading.Event()
    lock = threading.Lock()

    with serving(database_url, workers=WORKERS) as server:
        before = set(server.worker_pids())

        def respond(offset: int) -> None:
            for index in range(offset, JOURNEYS, CLIENTS):
                browser = Browser(server.port, timeout=30)
                try:
                    page = browser.enter(tokens[index])
                    reply = browser.submit(FULL_ANSWERS, page) if page.status == 200 else page
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        broken.append(type(error).__name__)
                    continue
                with lock:
                    if reply.status == 200 and "Thank you" in reply.body:
                        confirmed.append(tokens[index])
                        if killed.is_set():
                            finished_after_kill.append(tokens[index])
                    else:
                        broken.append(str(reply.status))

        def killer(_index: int) -> None:
            deadline = time.monotonic() + 60
            while len(confirmed) < JOURNEYS // 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.kill_worker()
            killed.set()

        load = threading.Thread(target=run_threads, args=(CLIENTS, respond, 240), daemon=True)
        load.start()
        run_threads(1, killer, timeout=90)
        load.join(timeout=250)
        assert not load.is_alive()
        deadline = time.monotonic() + 30
        while len(server.worker_pids()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.1)
        after = set(server.worker_pids())

    assert killed.is_set()
    assert len(after) == WORKERS and after != before, "the master did not replace the worker"
    assert finished_after_kill, "nothing was served after the kill"
    # Only the killed worker's request can fail, and only as a dropped connection or 5xx from
    # gunicorn; everything else went through.
    assert len(broken) <= 1, broken
    assert len(confirmed) + len(broken) == JOURNEYS
    stored = store(database_url)
    stored.assert_whole()
    # Every confirmed response is there; a killed request may or may not have committed.
    assert len(confirmed) <= stored.responses <= len(confirmed) + len(broken)
