"""Engine, sessions and migrations."""

from .engine import make_engine
from .session import (
    db,
    get_engine,
    init_app,
    own_transaction,
    reads_only,
    session_scope,
    start_writing,
)

__all__ = [
    "db",
    "get_engine",
    "init_app",
    "make_engine",
    "own_transaction",
    "reads_only",
    "session_scope",
    "start_writing",
]
