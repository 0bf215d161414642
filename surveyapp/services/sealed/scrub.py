"""Scrub the pages that held sealed records before a rewrite, once the rewrite has committed.

SQLite deletes with ``secure_delete`` on (``database.engine``), so freed cells and pages are
zeroed; after the commit, ``VACUUM`` rebuilds the file so that no page keeps the old layout and
``wal_checkpoint(TRUNCATE)`` copies the write-ahead log into it and empties it, old page images
included. PostgreSQL keeps deleted rows until vacuumed: ``VACUUM FULL`` rewrites the sealed
tables with no old tuple left. Neither can run inside a transaction, so they run on a connection
of their own after the caller's commit. What PostgreSQL's WAL archive keeps is the deployer's to
manage (docs/PRODUCTION.md).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from surveyapp.models import SealedComment, SealedResponse

log = logging.getLogger(__name__)
_PENDING = "surveyapp.sealed.scrub_pending"
TABLES = (SealedResponse.__tablename__, SealedComment.__tablename__)
# How long a scrub waits for other transactions before giving up (and leaving it to the next
# one): short, since after a live release it runs inside a page request.
WAIT_SECONDS = 5


class ScrubIncomplete(RuntimeError):
    """Old pages may remain: the database was busy for longer than we wait."""


def scrub_after_commit(session: Session) -> None:
    """Scrub once the session's current transaction commits (once, however often asked)."""
    if session.info.get(_PENDING):
        return
    session.info[_PENDING] = True
    engine = session.get_bind()
    assert isinstance(engine, Engine)

    done = False

    def after_commit(committed: Session) -> None:
        nonlocal done
        if done or committed.get_nested_transaction() is not None:
            return  # done already, or a savepoint was released: nothing committed yet
        done = True
        committed.info.pop(_PENDING, None)
        try:
            scrub(engine)
        except (SQLAlchemyError, sqlite3.Error, ScrubIncomplete) as error:
            # The rewrite is committed; the next close, release or backup scrubs again.
            log.warning("sealed records were rewritten but old pages may remain: %s", error)

    event.listen(session, "after_commit", after_commit)


def scrub(engine: Engine) -> None:
    """Leave no page or WAL image that held a record before the last rewrite."""
    if engine.dialect.name == "sqlite":
        _scrub_sqlite(engine)
    else:
        _scrub_postgres(engine)


def _scrub_sqlite(engine: Engine) -> None:
    if engine.url.database in (None, "", ":memory:"):
        return
    with engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        (usual,) = raw.execute("PRAGMA busy_timeout").fetchone()
        raw.execute(f"PRAGMA busy_timeout={WAIT_SECONDS * 1000}")
        try:
            raw.execute("VACUUM")
            busy, _frames, _copied = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(usual)}")
    if busy:
        raise ScrubIncomplete("readers kept the write-ahead log from being emptied")


def _scrub_postgres(engine: Engine) -> None:
    with engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.exec_driver_sql(f"SET lock_timeout = '{WAIT_SECONDS}s'")
        try:
            autocommit.exec_driver_sql(f"VACUUM FULL {', '.join(TABLES)}")
        finally:
            autocommit.exec_driver_sql("RESET lock_timeout")
