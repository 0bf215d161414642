"""The one kind of argument an operation takes when it must commit in steps of its own.

Most operations take a Session, flush and never commit. Sending mail is the exception: what is
issued must be committed before the mail goes (so a link works when it arrives) and no lock may
be held while the mail server is talked to. Such an operation takes a ``Transaction``: called,
it opens a session whose block commits when it ends (``database.own_transaction`` in a view,
``database.session_scope`` in a command).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

Transaction = Callable[[], AbstractContextManager[Session]]
