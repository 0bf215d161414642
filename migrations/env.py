"""Alembic environment: the URL comes from the app's configuration, not from an ini file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from surveyapp.database.engine import make_engine
from surveyapp.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.attributes["database_url"]
    engine = make_engine(url)
    try:
        _run_on(engine)
    finally:
        # Also when a migration fails (a key it needs is missing): no connection left open.
        engine.dispose()


def _run_on(engine: Engine) -> None:
    with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            # Batch mode changes a SQLite table by copying it, dropping the old one and renaming
            # the copy; a table that others refer to (user_account) can be dropped only with
            # foreign keys off, which SQLite allows only outside a transaction. They are
            # checked before the migrations commit.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if is_sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migrations broke foreign keys: {broken[:5]}")


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `surveyapp db upgrade`")
run_migrations_online()
