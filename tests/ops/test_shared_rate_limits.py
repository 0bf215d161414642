"""With several app servers, rate limits hold across all of them when they share Redis.

Two gunicorn servers (as behind one load balancer) share a Redis started by this test on a free
loopback port: the code form's limit (20 a minute per address) is counted across both, where
in-memory storage would give each server its own count and let 40 through.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.resilience.server import Browser, free_port, serving

CODE_FORM_LIMIT = 20


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
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
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
                serving(sqlite_url, workers=1, RATELIMIT_ENABLED="true",
                        RATELIMIT_STORAGE_URL=redis_url)
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
