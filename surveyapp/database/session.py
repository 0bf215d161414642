"""One session per request or command, committed once in one place.

Services take a ``Session``, flush, and never commit (STYLE.md). A request commits after its view
returns a non-error response; a CLI command commits when its ``session_scope`` block ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .engine import make_engine, may_write

EXTENSION = "surveyapp.database"


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


def _note_write_intent() -> None:
    g.write_intent_token = may_write.set(request.method not in {"GET", "HEAD", "OPTIONS"})


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
