"""Alembic environment: the URL comes from the app's configuration, not from an ini file."""

from __future__ import annotations

from alembic import context

from surveyapp.database.engine import make_engine
from surveyapp.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.attributes["database_url"]
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `surveyapp db upgrade`")
run_migrations_online()
