"""Answer keys: a wrong one stops the command line in one line; rotation re-seals everything
under the newest key in one go, and a backup made before stays readable while the old key is
listed (and only then)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from surveyapp.cli.backup import backup_command, restore_command
from surveyapp.config import ConfigError
from surveyapp.database import get_engine, session_scope
from surveyapp.runtime import runtime
from surveyapp.services.sealed import sealed_key_ids
from tests.cli.test_cli import run_console_script
from tests.conftest import TEST_SETTINGS, make_app
from tests.ops.test_backup import empty_database, plan_digests
from tests.support.sealed import stored_comments, stored_responses

OLD = TEST_SETTINGS["ANSWER_KEYS"][0]
NEW = "2eohFPW_6t3aT6RCJu4XEKKAJ-WUsodHddflVnYdDhc="


def key_ids(app: Flask) -> dict[bytes, int]:
    with app.app_context(), session_scope(app) as session:
        return sealed_key_ids(session)


def with_backup_commands(app: Flask) -> Flask:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    return app


def test_a_wrong_key_stops_the_command_line_in_one_line(sqlite_demo_database: str) -> None:
    environment = {
        "SURVEYAPP_DATABASE_URL": sqlite_demo_database,
        "SURVEYAPP_SECRET_KEY": "s",
        "SURVEYAPP_TOKEN_PEPPER": "p",
        "SURVEYAPP_ANSWER_KEYS": NEW,
    }
    result = run_console_script("wave", "list", env=environment)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: SURVEYAPP_ANSWER_KEYS lacks the key that sealed")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    environment["SURVEYAPP_ANSWER_KEYS"] = f"{NEW},{OLD}"
    assert run_console_script("wave", "list", env=environment).returncode == 0


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_rotation_reseals_everything_and_old_backups_need_the_old_key(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = request.getfixturevalue(f"{kind}_demo_database")
    before = with_backup_commands(make_app(url, tmp_path / "before"))
    old_backup = tmp_path / "before-rotation.backup"
    assert before.test_cli_runner().invoke(args=["backup", "--out", str(old_backup)]).exit_code == 0
    digests = plan_digests(before)
    answers = sorted(map(repr, stored_responses(before)))
    comments = sorted(map(repr, stored_comments(before)))
    old_id = runtime(before).answer_cipher.newest_key_id
    get_engine(before).dispose()

    rotating = make_app(url, tmp_path / "rotating", ANSWER_KEYS=(NEW, OLD))
    result = rotating.test_cli_runner().invoke(args=["keys", "rotate-answers"])
    assert result.exit_code == 0, result.output
    new_id = runtime(rotating).answer_cipher.newest_key_id
    assert f"under key {new_id.hex()}" in result.output
    assert "No stored record needs an older key now" in result.output
    assert set(key_ids(rotating)) == {new_id}
    get_engine(rotating).dispose()

    after = make_app(url, tmp_path / "after", ANSWER_KEYS=(NEW,))
    assert plan_digests(after) == digests
    assert sorted(map(repr, stored_responses(after))) == answers
    assert sorted(map(repr, stored_comments(after))) == comments
    get_engine(after).dispose()

    restored_url = empty_database(kind, tmp_path, request)
    restoring = with_backup_commands(make_app(restored_url, tmp_path / "restoring"))
    result = restoring.test_cli_runner().invoke(args=["restore", str(old_backup), "--yes"])
    assert result.exit_code == 0, result.output
    get_engine(restoring).dispose()
    with pytest.raises(ConfigError, match=f"^SURVEYAPP_ANSWER_KEYS lacks .* {old_id.hex()}"):
        make_app(restored_url, tmp_path / "new-key-only", ANSWER_KEYS=(NEW,))
    readable = make_app(restored_url, tmp_path / "both", ANSWER_KEYS=(NEW, OLD))
    assert set(key_ids(readable)) == {old_id}
    assert plan_digests(readable) == digests
    assert sorted(map(repr, stored_responses(readable))) == answers
    get_engine(readable).dispose()
