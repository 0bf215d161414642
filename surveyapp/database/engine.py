"""Engines for the embedded default (SQLite in WAL mode) and PostgreSQL."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# Whether transactions started now may write. Reads (GET pages) begin a deferred transaction so
# they never queue behind each other; anything that may write takes the write lock at BEGIN, so
# it waits its turn (busy_timeout) instead of failing when it upgrades a read lock.
may_write: ContextVar[bool] = ContextVar("may_write", default=True)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; on SQLite turn on WAL, foreign keys, secure delete and a busy timeout
    per connection.

    WAL lets the dashboard read while respondents write; foreign keys are off by default in
    SQLite and our integrity relies on them; secure delete zeroes what a deleted row held, so a
    sealed record rewritten in random order leaves no copy behind in a free page. Statement
    parameters are kept out of error messages (``hide_parameters``): a failed statement's
    traceback would otherwise log what someone typed, such as a sign-in email, or a token's hash.
    """
    kwargs["hide_parameters"] = True
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that a write
        # transaction starts at BEGIN IMMEDIATE and concurrent writers queue instead of failing.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write.get() else "BEGIN")
