"""Databases and gunicorn servers for the benchmarks, on loopback only.

PostgreSQL is a throwaway cluster like the test suite's (tests/support/postgres.py), but started
with ``fsync=on``: commits are made as safe as SQLite's WAL mode with ``synchronous=NORMAL``
(``synchronous_commit=off``: a crash of the machine may lose the last moments, never corrupt).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.postgres import Cluster, _free_port  # noqa: E402

GUNICORN = Path(sys.executable).with_name("gunicorn")
SECRETS = {
    "SURVEYAPP_SECRET_KEY": "benchmark-secret-key",
    "SURVEYAPP_TOKEN_PEPPER": "benchmark-token-pepper",
    "SURVEYAPP_ANSWER_KEYS": "poQe3h_2Ck8JmoBok0lZ246tG6Jrpiex2fVdNVRySUY=",
}


class DurableCluster(Cluster):
    def start(self) -> None:
        if self.user:
            import pwd

            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "surveyapp",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=200 "
            "-c fsync=on -c synchronous_commit=off -c shared_buffers=512MB -c work_mem=64MB "
            "-c max_wal_size=4GB"
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
            "start",
        )


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A new, empty database URL: SQLite in a temporary folder, or a throwaway PostgreSQL."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="surveyapp-bench-")
        try:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    cluster = DurableCluster()
    cluster.start()
    try:
        yield cluster.create_database()
    finally:
        cluster.stop()


def environment(database_url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYAPP_")}
    env.update(SECRETS, SURVEYAPP_DATABASE_URL=database_url)
    env.update({f"SURVEYAPP_{k}": v for k, v in settings.items()})
    return env


@contextlib.contextmanager
def gunicorn(app: str, database_url: str, log: Path, **settings: str) -> Iterator[int]:
    """``gunicorn -c gunicorn.conf.py APP`` on a free loopback port; yields the port."""
    port = _free_port()
    env = environment(database_url, BIND=f"127.0.0.1:{port}", RATELIMIT_ENABLED="false", **settings)
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), app],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not _answers(port, "/code"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{app} did not start; see {log}")
                time.sleep(0.2)
            time.sleep(1)  # let every worker finish booting
            yield port
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _answers(port: int, path: str) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
