"""``surveyapp backup`` and ``surveyapp restore``: a round trip into an empty database gives back
the same rows and the same publication plans, on SQLite and on PostgreSQL."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, select, text

from surveyapp.cli.backup import backup_command, restore_command
from surveyapp.database import get_engine, session_scope
from surveyapp.domain.disclosure import compute_plan
from surveyapp.models import PlanSnapshot, Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, gather_input
from tests.conftest import make_app
from tests.support.postgres import Cluster


def with_backup_commands(app: Flask) -> Flask:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    return app


def table_counts(app: Flask) -> dict[str, int]:
    engine = get_engine(app)
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in sorted(inspect(engine).get_table_names())
        }


def plan_digests(app: Flask) -> dict[int, tuple[str, str]]:
    """Per wave: the stored final plan's digest, and the digest of a plan computed afresh."""
    banks = runtime(app).banks
    found = {}
    with app.app_context(), session_scope(app) as session:
        for wave in session.scalars(select(Wave).order_by(Wave.id)):
            stored = session.scalars(
                select(PlanSnapshot.digest).where(PlanSnapshot.wave_id == wave.id)
            ).first()
            settings = PlanSettings(answer_cipher=runtime(app).answer_cipher)
            fresh = compute_plan(gather_input(session, wave, banks[wave.bank_key], settings))
            found[wave.id] = (stored or "", fresh.digest())
    return found


def empty_database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'restored' / 'surveyapp.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_round_trip_into_an_empty_database(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source_url = request.getfixturevalue(f"{kind}_demo_database")
    source = with_backup_commands(make_app(source_url, tmp_path / "a"))
    backup = tmp_path / "backups" / "staff-voice.backup"
    result = source.test_cli_runner().invoke(args=["backup", "--out", str(backup)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert list(backup.parent.iterdir()) == [backup], "a temporary file was left behind"
    before_counts, before_plans = table_counts(source), plan_digests(source)
    get_engine(source).dispose()

    target = with_backup_commands(make_app(empty_database(kind, tmp_path, request), tmp_path / "b"))
    result = target.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert table_counts(target) == before_counts
    assert before_counts["sealed_response"] > 0 and before_counts["plan_snapshot"] > 0
    after_plans = plan_digests(target)
    assert after_plans == before_plans
    assert all(stored == fresh for stored, fresh in after_plans.values())
    get_engine(target).dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_rate_limit_counters_stay_out_of_backups(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from surveyapp.database.rate_limits import DatabaseStorage

    source = with_backup_commands(make_app(request.getfixturevalue(f"{kind}_url"), tmp_path / "a"))
    options = source.config["RATELIMIT_STORAGE_OPTIONS"]
    counters = DatabaseStorage("database://", **options)
    assert counters.incr("LIMITER/203.0.113.9/respond.code/20/1/minute", 60) == 1
    backup = tmp_path / "staff-voice.backup"
    result = source.test_cli_runner().invoke(args=["backup", "--out", str(backup)])
    assert result.exit_code == 0, result.output
    if hasattr(options["engine"], "dispose"):
        options["engine"].dispose()
    get_engine(source).dispose()
    target = with_backup_commands(make_app(empty_database(kind, tmp_path, request), tmp_path / "b"))
    result = target.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert table_counts(target)["rate_limit_window"] == 0
    get_engine(target).dispose()


def test_restore_refuses_a_backup_of_the_other_database(sqlite_url: str, tmp_path: Path) -> None:
    app = with_backup_commands(make_app(sqlite_url, tmp_path))
    fake = tmp_path / "pg.backup"
    fake.write_bytes(b"PGDMP\x01\x0e\x00")
    result = app.test_cli_runner().invoke(args=["restore", str(fake), "--yes"])
    assert result.exit_code == 1
    assert "is a PostgreSQL backup, but the configured database is SQLite" in result.output
    get_engine(app).dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_url: str, tmp_path: Path) -> None:
    app = with_backup_commands(make_app(sqlite_url, tmp_path))
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "is not a backup made by 'surveyapp backup'" in result.output
    get_engine(app).dispose()


def test_restore_asks_before_replacing(sqlite_url: str, tmp_path: Path) -> None:
    app = with_backup_commands(make_app(sqlite_url, tmp_path))
    backup = tmp_path / "copy.backup"
    assert app.test_cli_runner().invoke(args=["backup", "--out", str(backup)]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    get_engine(app).dispose()


@pytest.mark.postgres
def test_a_failed_backup_leaves_no_file(postgres_cluster: Cluster, tmp_path: Path) -> None:
    url = postgres_cluster.base_url + "/no_such_database"
    app = with_backup_commands(make_app(url, tmp_path))
    out = tmp_path / "out" / "nothing.backup"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 1
    assert "pg_dump failed" in result.output
    assert not out.exists() and list(out.parent.iterdir()) == []
    get_engine(app).dispose()


def test_backup_is_consistent_while_the_app_writes(sqlite_url: str, tmp_path: Path) -> None:
    """The SQLite backup API copies one snapshot even with a write transaction open."""
    app = with_backup_commands(make_app(sqlite_url, tmp_path))
    engine = get_engine(app)
    with engine.connect() as writer:
        writer.execute(
            text(
                "INSERT INTO unit (key, name, headcount, is_active)"
                " VALUES ('pending', 'Pending', 1, 1)"
            )
        )
        backup = tmp_path / "during.backup"
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(backup)])
        assert result.exit_code == 0, result.output
        writer.commit()
    copy = make_app(f"sqlite:///{backup}", tmp_path / "copy")
    with copy.app_context(), session_scope(copy) as session:
        assert session.scalar(text("SELECT count(*) FROM unit WHERE key = 'pending'")) == 0
    get_engine(copy).dispose()
    engine.dispose()
