"""Rate limits hold across every worker and app server, and outlive the workers.

The code form's limit is 20 a minute per address. Under gunicorn with four workers, the default
store (``database://``: a side file beside the SQLite database, or a table in PostgreSQL) counts
attempts across all of them, and the count survives every worker being killed and replaced; with
per-worker memory each worker would have let 20 through, and a new one would start from nothing.
Two gunicorn servers (as behind one load balancer) can also share a Redis started by this test.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from surveyapp.database import make_engine
from surveyapp.database.rate_limits import storage_for
from tests.resilience.server import Browser, Gunicorn, free_port, serving

CODE_FORM_LIMIT = 20
WORKERS = 4
CLIENTS = 5
WORKER_OF_CODE_POST = re.compile(r"method=POST path=/code status=\d+ requests=\d+ worker=<(\d+)>")


def replace_every_worker(server: Gunicorn, how: signal.Signals = signal.SIGKILL) -> None:
    """Kill every worker, then wait until the master has started as many new ones."""
    killed = set(server.worker_pids())
    for pid in killed:
        os.kill(pid, how)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = set(server.worker_pids())
        if len(current) == WORKERS and not current & killed:
            return
        time.sleep(0.05)
    raise AssertionError(f"the workers were not replaced in time:\n{server.log()}")


def stored_counters(database_url: str, tmp_path: Path) -> str:
    engine = make_engine(storage_for(database_url, tmp_path) or database_url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT * FROM rate_limit_window").all()
    finally:
        engine.dispose()
    return repr(rows)


def test_four_workers_share_one_limit_and_it_outlives_them(
    database_url: str, tmp_path: Path
) -> None:
    with serving(database_url, workers=WORKERS, RATELIMIT_ENABLED="true") as server:
        first = Browser(server.port)
        _page, token = first.csrf("/code")
        statuses: list[int] = []
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS)

        def attempt(_client: int) -> None:
            browser = Browser(server.port, cookie=first.cookie)
            start.wait(timeout=30)
            for _ in range(CODE_FORM_LIMIT // CLIENTS):
                reply = browser.request("POST", "/code", {"csrf_token": token, "code": "nope"})
                with lock:
                    statuses.append(reply.status)

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert statuses == [400] * CODE_FORM_LIMIT, statuses
        replace_every_worker(server, signal.SIGTERM)  # a worker writes its counts as it stops
        served_by = set(WORKER_OF_CODE_POST.findall("".join(server.output)))
        assert len(served_by) > 1, "the attempts should have reached several workers"

        replace_every_worker(server)
        after = [
            first.request("POST", "/code", {"csrf_token": token, "code": "nope"}).status
            for _ in range(2)
        ]
    assert after == [429, 429], "the 21st attempt in the minute must be refused"
    stored = stored_counters(database_url, tmp_path)
    assert "127.0.0.1" not in stored and len(stored) > 10, stored


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed (Debian's redis-server package)"
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI: {message}")
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def test_two_app_servers_share_one_limit_through_redis(sqlite_url: str, redis_url: str) -> None:
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(
                serving(
                    sqlite_url, workers=1, RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URL=redis_url
                )
            )
            for _ in range(2)
        ]
        browser = Browser(servers[0].port)
        _page, token = browser.csrf("/code")
        statuses = []
        for attempt in range(CODE_FORM_LIMIT + 2):
            browser.port = servers[attempt % 2].port  # the load balancer alternates
            reply = browser.request("POST", "/code", {"csrf_token": token, "code": "nope"})
            statuses.append(reply.status)
    assert statuses[:CODE_FORM_LIMIT] == [400] * CODE_FORM_LIMIT, statuses
    assert statuses[CODE_FORM_LIMIT:] == [429, 429], statuses
