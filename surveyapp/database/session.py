"""One session per request or command, committed once in one place.

Services take a ``Session``, flush, and never commit (STYLE.md). A request commits after its view
returns a non-error response; a CLI command commits when its ``session_scope`` block ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .engine import make_engine, may_write

EXTENSION = "surveyapp.database"
READS_ONLY = "_surveyapp_reads_only"
F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = sessionmaker(bind=engine, expire_on_commit=False)
    app.before_request(_note_write_intent)
    app.after_request(_commit_on_success)
    app.teardown_appcontext(_close)


def get_engine(app: Flask | None = None) -> Engine:
    factory = (app or current_app).extensions[EXTENSION]
    engine: Engine = factory.kw["bind"]
    return engine


def db() -> Session:
    """The session of the current request or app context."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION]()
    session: Session = g.db_session
    return session


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """A session for work outside a request; commits once at the end, rolls back on error."""
    session: Session = (app or current_app).extensions[EXTENSION]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def own_transaction(app: Flask | None = None) -> Iterator[Session]:
    """A write transaction of its own, committed when the block ends, inside a request.

    For a view that keeps something before slow work outside the database (sending mail) and
    records the outcome after it: no lock is held while it waits on the mail server, and what
    was done is kept whatever the page then answers. Mark such a view ``reads_only``.
    """
    token = may_write.set(True)
    try:
        with session_scope(app) as session:
            yield session
    finally:
        may_write.reset(token)


def reads_only(view: F) -> F:
    """Mark a view whose POST only reads, so that on SQLite it does not queue for the write lock.

    A view that writes only sometimes, after reading, calls ``start_writing`` first.

    Put it above the other decorators, next to the route: the mark goes on the registered view.
    """
    setattr(view, READS_ONLY, True)
    return view


def start_writing() -> None:
    """From here on the current request writes, though it began as a read.

    For views that read first and write only when the read says so (a code or link is checked,
    and only a good one records an entry), so that a wrong code never queues for SQLite's write
    lock. Turning a read transaction into a write is refused at once by SQLite in WAL mode if
    another writer committed meanwhile, so there the read transaction is ended (it wrote nothing)
    and the next statement begins one that takes the write lock and waits its turn. PostgreSQL
    locks rows, not the database: its transaction goes on, which spares the rollback, a new
    checkout and a new BEGIN (four round trips).
    """
    if may_write.get():
        return
    session = db()
    if session.get_bind().dialect.name == "sqlite":
        session.rollback()
    may_write.set(True)


def _note_write_intent() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    writes = request.method not in {"GET", "HEAD", "OPTIONS"} and not getattr(
        view, READS_ONLY, False
    )
    g.write_intent_token = may_write.set(writes)


def _commit_on_success(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
    token = g.pop("write_intent_token", None)
    if token is not None:
        may_write.reset(token)
