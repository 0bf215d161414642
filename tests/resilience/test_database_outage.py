"""The database goes away under load: respondents get "try again shortly", nothing half-written.

PostgreSQL: a cluster of this test's own (so no other test is disturbed) is stopped while
respondents submit, then started again. While it is down every request that needs it gets the
503 page with ``Retry-After`` (never a 500, never a dropped connection), ``/healthz`` says so, and
once it is back the same respondents, retrying, get through.

SQLite: the server may write files no bigger than a few pages more than the database holds (a
full disk, as far as SQLite can tell). Submissions that do not fit get the same page; the file
stays sound and holds only whole responses.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import resource
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.respond.conftest import FULL_ANSWERS
from tests.support.postgres import Cluster, PostgresUnavailable

from .conftest import Store
from .server import Browser, Reply, run_threads, serving

UNAVAILABLE = "Please try again shortly"
RETRY_PAUSE = 0.1
"""How long a respondent told "try again shortly" waits before trying (their pace, not a wait
for the test's state)."""


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Return as soon as ``condition`` holds; fail, saying what never happened, at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"within {timeout:.0f} s: {what}")
        time.sleep(0.02)


class StoppableCluster(Cluster):
    """The run's throwaway cluster, with its server stopped and started again on demand."""

    def server(self, action: str) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            action,
        )


@pytest.fixture
def own_cluster() -> StoppableCluster:
    cluster = StoppableCluster()
    try:
        cluster.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and could not start: {exc}")
        pytest.skip(f"PostgreSQL is not available here: {exc}")
    yield cluster
    cluster.stop()


def is_unavailable_page(reply: Reply) -> bool:
    return (
        reply.status == 503
        and UNAVAILABLE in reply.body
        and "Nothing you sent has been saved" in reply.body
        and reply.headers.get("retry-after", "").isdigit()
    )


class Respondents:
    """Clients that each answer with their own code and, told to try again, do so."""

    def __init__(self, port: int, tokens: list[str]) -> None:
        self.port = port
        self.tokens = tokens
        self.stored: list[float] = []
        self.unavailable = 0
        self.unexpected: list[str] = []
        self.lock = threading.Lock()

    def journey(self, token: str, give_up_at: float) -> None:
        """Enter the code, then send the answers; on "try again shortly", wait and do so.

        A failed submit is retried from the same browser and page, as a respondent going back
        would: the session it holds must still work.
        """
        browser = Browser(self.port, timeout=30)
        page: Reply | None = None
        told_to_retry_submit = False
        while time.monotonic() < give_up_at:
            try:
                reply = browser.enter(token) if page is None else browser.submit(FULL_ANSWERS, page)
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.unexpected.append(type(error).__name__)
                return
            with self.lock:
                if page is None and reply.status == 200:
                    page = reply
                    continue
                if page is not None and reply.status == 200 and "Thank you" in reply.body:
                    self.stored.append(time.monotonic())
                    return
                if told_to_retry_submit and reply.status == 410:
                    # The commit went through just as the connection dropped (the database
                    # could not say so): stored, as the count at the end confirms.
                    self.stored.append(time.monotonic())
                    return
                if not is_unavailable_page(reply):
                    self.unexpected.append(f"{reply.status}: {reply.body[:200]}")
                    return
                self.unavailable += 1
                told_to_retry_submit = page is not None
            time.sleep(RETRY_PAUSE)

    def run(self, clients: int, give_up_at: float) -> threading.Thread:
        def client(offset: int) -> None:
            for token in self.tokens[offset::clients]:
                self.journey(token, give_up_at)

        thread = threading.Thread(target=run_threads, args=(clients, client, 120), daemon=True)
        thread.start()
        return thread


@pytest.mark.postgres
def test_postgresql_stopped_under_load_gives_503_and_service_resumes(
    own_cluster: StoppableCluster,
    codes: Callable[[str, int], list[str]],
    store: Callable[[str], Store],
) -> None:
    from surveyapp.database import migrate

    url = own_cluster.create_database()
    migrate.upgrade(url)
    tokens = codes(url, 160)
    with serving(url, workers=3) as server:
        respondents = Respondents(server.port, tokens)
        load = respondents.run(clients=8, give_up_at=time.monotonic() + 90)
        wait_until(lambda: bool(respondents.stored), "no response was stored before the stop")
        own_cluster.server("stop")
        stopped_at = time.monotonic()
        told = respondents.unavailable
        wait_until(lambda: respondents.unavailable > told, "nobody was told to try again")
        down = server.request("GET", "/healthz")
        own_cluster.server("start")
        restarted_at = time.monotonic()
        load.join(timeout=110)
        up = server.request("GET", "/healthz")

    assert not load.is_alive()
    assert respondents.unexpected == []
    assert respondents.unavailable > 0, "no respondent was ever told to try again"
    assert down.status == 503 and down.headers.get("retry-after")
    assert up.status == 200
    assert any(t < stopped_at for t in respondents.stored), "nothing was stored before the stop"
    assert any(t > restarted_at for t in respondents.stored), "service did not resume"
    assert len(respondents.stored) == len(tokens), "a respondent could not get through in the end"
    stored = store(url)
    stored.assert_whole()
    assert stored.responses == len(tokens)


def test_sqlite_full_disk_gives_503_and_leaves_only_whole_responses(
    sqlite_url: str,
    codes: Callable[[str, int], list[str]],
    store: Callable[[str], Store],
) -> None:
    tokens = codes(sqlite_url, 40)
    database = Path(sqlite_url.removeprefix("sqlite:///"))
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Room for the shared-memory index and a few transactions in the write-ahead log, no more.
    limit = 96 * 1024

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    outcomes: Counter[str] = Counter()
    with serving(sqlite_url, workers=2, preexec=limit_file_size) as server:
        for token in tokens:
            browser = Browser(server.port, timeout=30)
            page = browser.enter(token)
            reply = browser.submit(FULL_ANSWERS, page) if page.status == 200 else page
            if reply.status == 200 and "Thank you" in reply.body:
                outcomes["stored"] += 1
            elif is_unavailable_page(reply):
                outcomes["unavailable"] += 1
            else:
                outcomes[f"{reply.status}: {reply.body[:200]}"] += 1
        health = server.request("GET", "/healthz")

    assert set(outcomes) == {"stored", "unavailable"}, outcomes
    assert health.status == 200, "reading still works when writing does not"
    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = store(sqlite_url)
    stored.assert_whole()
    assert stored.responses == outcomes["stored"]
