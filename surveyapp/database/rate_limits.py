"""Rate-limit counters in SQL, shared by every gunicorn worker and every app server.

Flask-Limiter's in-memory storage gives each worker process its own counters, so four workers
let four times the stated limit through, and a recycled worker starts again from nothing. This
``limits`` storage backend (scheme ``database://``, the default of
``SURVEYAPP_RATELIMIT_STORAGE_URL``) keeps fixed-window counters where all workers see them:

- SQLite: a file of its own beside the database (``surveyapp.ratelimits.sqlite3`` in the
  instance folder by default), so counting a request never waits for the write lock a
  respondent's submission holds on the main file, and ``surveyapp backup`` never copies it;
- PostgreSQL: the ``rate_limit_window`` table of the app database, which every app server
  shares.

Each hit is one atomic upsert (a window that has ended starts again at the hit), so concurrent
workers count exactly. A row is keyed by an HMAC of the limiter's key (which holds the client
address) under a key derived from the token pepper; nothing else about the client is stored,
and windows that have ended are deleted. Counts are kept outside the request's transaction:
a request that fails still counts.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from limits.storage import Storage
from sqlalchemy import Engine, case, create_engine, delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateIndex, CreateTable

from surveyapp.config import ConfigError
from surveyapp.models import RateLimitWindow

from .session import get_engine

SCHEME = "database"
SWEEP_EVERY_SECONDS = 60.0
KEY_CONTEXT = b"surveyapp rate-limit keys"
WINDOWS = RateLimitWindow.__table__


def limiter_config(app: Flask) -> dict[str, Any]:
    """Flask-Limiter's settings for ``SURVEYAPP_RATELIMIT_STORAGE_URL``.

    ``memory://`` counts per worker process, so production refuses it while limits are on.
    """
    config = app.config
    uri = config["RATELIMIT_STORAGE_URL"]
    scheme = uri.split("://", 1)[0]
    if scheme == "memory" and config["ENV"] == "production" and config["RATELIMIT_ENABLED"]:
        raise ConfigError(
            "SURVEYAPP_RATELIMIT_STORAGE_URL=memory:// counts per worker process, so several"
            " workers would each allow the full limit; use database:// (the default) or redis://"
        )
    settings: dict[str, Any] = {"RATELIMIT_STORAGE_URI": uri}
    if scheme == SCHEME:
        side_file = storage_for(config["DATABASE_URL"], Path(app.instance_path))
        engine = (lambda: get_engine(app)) if side_file is None else SideFile(side_file)
        settings["RATELIMIT_STORAGE_OPTIONS"] = {
            "engine": engine,
            "key_secret": config["TOKEN_PEPPER"],
        }
    return settings


def storage_for(database_url: str, instance_path: Path) -> str | None:
    """The SQLite file that holds the counters of an app on ``database_url``, or None for the
    app database itself (PostgreSQL)."""
    parsed = make_url(database_url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if parsed.database and parsed.database != ":memory:":
        main = Path(parsed.database)
        return f"sqlite:///{main.with_name(f'{main.stem}.ratelimits.sqlite3')}"
    return f"sqlite:///{instance_path / 'ratelimits.sqlite3'}"


class DatabaseStorage(Storage):
    """A ``limits`` storage over SQL for the fixed-window strategy (Flask-Limiter's default)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        *,
        engine: Callable[[], Engine],
        key_secret: str,
        clock: Callable[[], float] = time.time,
        **options: Any,
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.engine = engine
        self.clock = clock
        self._key = hmac.new(key_secret.encode(), KEY_CONTEXT, hashlib.sha256).digest()
        self._next_sweep = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def key_hash(self, key: str) -> str:
        return hmac.new(self._key, key.encode(), hashlib.sha256).hexdigest()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self.clock()
        ended = WINDOWS.c.expires_at <= now
        with self._connection() as connection:
            insert = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert
            statement = (
                insert(WINDOWS)
                .values(key_hash=self.key_hash(key), hits=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[WINDOWS.c.key_hash],
                    set_={
                        "hits": case((ended, amount), else_=WINDOWS.c.hits + amount),
                        "expires_at": case((ended, now + expiry), else_=WINDOWS.c.expires_at),
                    },
                )
                .returning(WINDOWS.c.hits)
            )
            hits = int(connection.execute(statement).scalar_one())
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY_SECONDS
            self._delete_ended(now)
        return hits

    def _delete_ended(self, now: float) -> None:
        """Delete windows that have ended; on PostgreSQL rows another worker holds are left for
        the next sweep, so two sweeps never wait on each other."""
        ended = select(WINDOWS.c.key_hash).where(WINDOWS.c.expires_at <= now)
        with self._connection() as connection:
            connection.execute(
                delete(WINDOWS).where(
                    WINDOWS.c.key_hash.in_(ended.with_for_update(skip_locked=True))
                )
            )

    def _current(self, key: str, column: Any) -> Any:
        with self._connection() as connection:
            return connection.execute(
                select(column).where(
                    WINDOWS.c.key_hash == self.key_hash(key), WINDOWS.c.expires_at > self.clock()
                )
            ).scalar()

    def get(self, key: str) -> int:
        return int(self._current(key, WINDOWS.c.hits) or 0)

    def get_expiry(self, key: str) -> float:
        expires_at = self._current(key, WINDOWS.c.expires_at)
        return float(expires_at) if expires_at is not None else self.clock()

    def check(self) -> bool:
        try:
            with self._connection() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._connection() as connection:
            return connection.execute(delete(WINDOWS)).rowcount

    def clear(self, key: str) -> None:
        with self._connection() as connection:
            connection.execute(delete(WINDOWS).where(WINDOWS.c.key_hash == self.key_hash(key)))

    def _connection(self) -> Any:
        return self.engine().begin()


class SideFile:
    """The engine of the SQLite file that holds the counters: one per process, made on first
    use (no connection may cross a fork), with the table created if missing."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def __call__(self) -> Engine:
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                if self._engine is not None:
                    self._engine.dispose(close=False)
                self._engine = _open_side_file(self.url)
                self._pid = os.getpid()
            return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _open_side_file(url: str) -> Engine:
    database = make_url(url).database
    assert database  # storage_for always names a file
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    # Autocommit (isolation_level None): each upsert is a transaction of its own, and nothing
    # holds the file's write lock between statements.
    engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None})
    event.listen(engine, "connect", _sqlite_pragmas)
    with engine.begin() as connection:
        connection.execute(CreateTable(WINDOWS, if_not_exists=True))
        for index in WINDOWS.indexes:
            connection.execute(CreateIndex(index, if_not_exists=True))
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
