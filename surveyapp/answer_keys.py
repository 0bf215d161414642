"""A start-up check that the answer cipher (``runtime().answer_cipher``) fits the stored data.

Keys come from the configuration (``SURVEYAPP_ANSWER_KEYS``) only, never from the database. At
start-up the stored records are asked which keys sealed them: a key that is missing from the
setting (a wrong key, or an old one dropped before rotation finished) stops the app with one
line naming the variable, rather than failing on the first plan.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .config import PREFIX, ConfigError
from .database import get_engine
from .database.engine import may_write
from .domain.sealed import AnswerCipher
from .runtime import runtime
from .services.sealed import unknown_key_ids


def init_app(app: Flask) -> None:
    check_keys_fit(app, runtime(app).answer_cipher)


def check_keys_fit(app: Flask, cipher: AnswerCipher) -> None:
    """Refuse to start if stored records were sealed with a key that is not configured.

    Skipped when there is nothing to ask yet: no database file, a database that is not
    migrated, or one that cannot be reached (its outage pages say so; the check runs again at
    the next start).
    """
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).exists()):
        return
    reading = may_write.set(False)  # on SQLite, a read that never queues for the write lock
    try:
        with Session(get_engine(app)) as session:
            unknown = unknown_key_ids(session, cipher)
    except DBAPIError:
        return
    finally:
        may_write.reset(reading)
    if unknown:
        get_engine(app).dispose()  # the app will not start: leave no connection behind
        ids = ", ".join(key.hex() for key in sorted(unknown))
        raise ConfigError(
            f"{PREFIX}ANSWER_KEYS lacks the key that sealed {sum(unknown.values())} stored"
            f" records (key id {ids}): list it after the newest key"
        )
