"""Alembic, driven from the app's own configuration so `surveyapp db upgrade` needs no ini file.

Alembic (and Mako with it) is imported only when a migration runs: every web worker imports
this module, and would otherwise hold it for nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"


def alembic_config(database_url: str, secrets: Mapping[str, Any] | None = None) -> Config:
    """``secrets``: the app's answer (and legacy comment) keys, for migrations that seal or open
    stored records; without them such a migration reads them as the app would (environment,
    then ``instance/secrets.json`` in development)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("timezone", "UTC")
    config.attributes["database_url"] = database_url
    config.attributes["secrets"] = secrets
    return config


def upgrade(
    database_url: str, revision: str = "head", secrets: Mapping[str, Any] | None = None
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url, secrets), revision)


def downgrade(database_url: str, revision: str, secrets: Mapping[str, Any] | None = None) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url, secrets), revision)


def check(database_url: str) -> None:
    """Raise if the models and the migrations have drifted apart."""
    from alembic import command

    command.check(alembic_config(database_url))


def revision(database_url: str, message: str) -> None:
    from alembic import command

    command.revision(alembic_config(database_url), message=message, autogenerate=True)
