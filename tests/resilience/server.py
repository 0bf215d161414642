"""The app under real gunicorn on a free loopback port, and browsers walking the journey over HTTP.

Everything here talks to 127.0.0.1 only, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import TEST_SETTINGS

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKER_READY = re.compile(r"\[(\d+)\] \[INFO\] Worker ready")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = re.compile(r"session=([^;]*)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def app_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The process environment for the app: test secrets, no rate limits, nothing from the shell."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYAPP_")}
    environment.update(
        SURVEYAPP_DATABASE_URL=database_url,
        SURVEYAPP_SECRET_KEY=TEST_SETTINGS["SECRET_KEY"],
        SURVEYAPP_TOKEN_PEPPER=TEST_SETTINGS["TOKEN_PEPPER"],
        SURVEYAPP_ANSWER_KEYS=",".join(TEST_SETTINGS["ANSWER_KEYS"]),
        SURVEYAPP_RATELIMIT_ENABLED="false",
    )
    environment.update({f"SURVEYAPP_{k}": v for k, v in settings.items()})
    return environment


class Gunicorn:
    """``gunicorn wsgi:app`` with the bundled configuration, as a deployment would run it."""

    def __init__(
        self,
        database_url: str,
        workers: int = 3,
        preexec: Callable[[], None] | None = None,
        **settings: str,
    ) -> None:
        self.port = free_port()
        self.environment = app_environment(
            database_url, BIND=f"127.0.0.1:{self.port}", WORKERS=str(workers), **settings
        )
        self.workers = workers
        self.preexec = preexec
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self._reader: threading.Thread | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        self.process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
            cwd=ROOT,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=self.preexec,  # noqa: PLW1509
        )
        # A pipe, not a file: a file-size limit set for the server must not hit its own log.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log())
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.request("GET", "/healthz").status == 200 and self.all_workers_ready():
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not become healthy in time:\n" + self.log())

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def log(self) -> str:
        return "".join(self.output[-200:])

    def all_workers_ready(self) -> bool:
        """Every worker has said it is ready (gunicorn.conf.py's post_worker_init): until then
        the first ones take every request, and a test spreading requests over them would not."""
        pids = self.worker_pids()
        ready = {int(pid) for pid in WORKER_READY.findall("".join(self.output))}
        return len(pids) == self.workers and ready.issuperset(pids)

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def kill_worker(self) -> int:
        victim = self.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def request(self, method: str, path: str, **kwargs: object) -> Reply:
        return Browser(self.port).request(method, path, **kwargs)  # type: ignore[arg-type]


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]


@dataclass
class Browser:
    """One respondent's browser: a session cookie and a fresh connection per request."""

    port: int
    cookie: str | None = None
    timeout: float = 60
    statuses: list[int] = field(default_factory=list)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Connection": "close"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = f"session={self.cookie}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            reply_headers = {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()
        cookie = SESSION_COOKIE.search(reply_headers.get("set-cookie", ""))
        if cookie:
            self.cookie = cookie.group(1) or None
        self.statuses.append(response.status)
        return Reply(response.status, text, reply_headers)

    def csrf(self, path: str) -> tuple[Reply, str]:
        reply = self.request("GET", path)
        match = CSRF.search(reply.body)
        return reply, match.group(1) if match else ""

    def enter(self, code: str) -> Reply:
        """Type a code at /code and open the first survey page; the last reply says how it went."""
        reply, token = self.csrf("/code")
        if reply.status != 200:
            return reply
        reply = self.request("POST", "/code", {"csrf_token": token, "code": code})
        if reply.status != 303:
            return reply
        return self.request("GET", "/survey")

    def submit(self, answers: dict[str, str], survey_page: Reply) -> Reply:
        match = CSRF.search(survey_page.body)
        token = match.group(1) if match else ""
        return self.request(
            "POST", "/survey", {"csrf_token": token, "page": "0", "action": "submit", **answers}
        )


def run_threads(count: int, target: Callable[[int], None], timeout: float) -> None:
    """Run ``target(i)`` for each ``i`` below ``count``, one thread each; wait at most timeout."""
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    alive = sum(thread.is_alive() for thread in threads)
    assert alive == 0, f"{alive} of {count} client threads were still running after {timeout}s"


@contextlib.contextmanager
def serving(database_url: str, workers: int = 3, **kwargs: object) -> Iterator[Gunicorn]:
    server = Gunicorn(database_url, workers=workers, **kwargs)  # type: ignore[arg-type]
    with server:
        yield server
