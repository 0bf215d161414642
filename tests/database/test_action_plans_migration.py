"""Revision e2b90a41c6a1 on a database with waves and staff: every unit of every wave that has
opened gets a page address of its own; going down turns managers into viewers of their unit
alone (the nearest role there was)."""

from __future__ import annotations

from alembic import command
from flask import Flask

from surveyapp.database import get_engine, make_engine, migrate, session_scope
from surveyapp.domain.roles import Role
from tests.conftest import add_staff
from tests.factories import open_test_wave

BEFORE = "a39f5a17c439"


def test_pages_for_waves_already_open_and_managers_kept_as_viewers(
    app: Flask, database_url: str
) -> None:
    with app.app_context(), session_scope(app) as session:
        open_test_wave(session, app)
        add_staff(session, Role.MANAGER, "team-a", "manager@example.org")
    get_engine(app).dispose()
    config = migrate.alembic_config(database_url)
    command.downgrade(config, BEFORE)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT role, viewer_max_depth, can_see_comments FROM user_account"
            " WHERE email = 'manager@example.org'"
        ).one()
        assert tuple(row) == ("viewer", 0, False)
    engine.dispose()
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        members = connection.exec_driver_sql("SELECT count(*) FROM wave_unit").scalar_one()
        slugs = [r[0] for r in connection.exec_driver_sql("SELECT slug FROM staff_page")]
        assert members == 4 and len(set(slugs)) == 4
        assert all(len(s) == 26 and s.islower() for s in slugs)
        assert connection.exec_driver_sql("SELECT asks_follow_up FROM wave").scalar_one() in (
            False,
            0,
        )
    engine.dispose()
    migrate.check(database_url)
