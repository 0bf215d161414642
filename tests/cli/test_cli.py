import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from surveyapp.domain.banks import load_bank
from surveyapp.paths import SURVEYS

SURVEYAPP = Path(sys.executable).with_name("surveyapp")


def run_console_script(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYAPP_")}
    environment.update(env or {})
    return subprocess.run(
        [str(SURVEYAPP), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run_console_script(
        "--help", env={"SURVEYAPP_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    )
    assert result.returncode == 0, result.stderr
    for command in ("db", "units", "demo", "banks", "run"):
        assert f"  {command} " in result.stdout


def test_bad_configuration_is_one_line_naming_the_variable() -> None:
    result = run_console_script("--help", env={"SURVEYAPP_MIN_GROUP_SIZE": "2"})
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: SURVEYAPP_MIN_GROUP_SIZE must be at least 3, got 2"


def test_production_without_secrets_refuses_to_start() -> None:
    result = run_console_script("--help", env={"SURVEYAPP_ENV": "production"})
    assert result.returncode == 2
    assert "SURVEYAPP_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_a_weak_secret_refuses_to_start_in_one_line() -> None:
    environment = {
        "SURVEYAPP_ENV": "production",
        "SURVEYAPP_SECRET_KEY": "x",
        "SURVEYAPP_TOKEN_PEPPER": "short",
        "SURVEYAPP_ANSWER_KEYS": "poQe3h_2Ck8JmoBok0lZ246tG6Jrpiex2fVdNVRySUY=",
    }
    result = run_console_script("--help", env=environment)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: SURVEYAPP_SECRET_KEY is too weak: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    environment["SURVEYAPP_SECRET_KEY"] = "Jm2wq0Hk9yX3VbT7nLrC4sZ8pE1uGfA6dKoNiQeRtWc"
    result = run_console_script("--help", env=environment)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: SURVEYAPP_TOKEN_PEPPER is too weak: ")


def test_units_import(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("key,name,parent_key,headcount\norg,Org,,1\nteam,Team,org,5\n")
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    path.write_text("key,name,parent_key,headcount\norg,Org,,1\nteam,Team,org,3\n")
    result = runner.invoke(args=["units", "import", str(path)])
    assert "0 created, 1 updated, 1 unchanged" in result.output


def test_units_list_shows_the_tree_and_units_below_k(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert "No units yet" in runner.invoke(args=["units", "list"]).output
    path = tmp_path / "units.csv"
    path.write_text(
        "key,name,parent_key,headcount\norg,Org,,1\nsvc,Service,org,0\n"
        "team,Team,svc,9\nsmall,Small team,svc,3\n"
    )
    runner.invoke(args=["units", "import", str(path)])
    result = runner.invoke(args=["units", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "org  Org  1 here, 13 in all",
        "  svc  Service  0 here, 12 in all",
        "    small  Small team  3  [fewer than 5: published only pooled]",
        "    team  Team  9",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("key,name,parent_key,headcount\norg,Org,,x\n", "units.csv: row 2: headcount 'x'"),
        ("key,name\norg,Org\n", "units.csv: row 1: missing column(s) parent_key, headcount"),
        ("key,name,parent_key,headcount\na,A,b,1\nb,B,a,1\n", "units.csv: row 2: parent_key makes"),
    ],
)
def test_units_import_rejects_bad_files_naming_the_row(
    runner: FlaskCliRunner, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "units.csv"
    path.write_text(content)
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1
    assert f"Error: {message}" in result.output


def test_units_import_rejects_binary_files(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"\xff\xfe\x00")
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1 and "not a UTF-8 text file" in result.output


def test_banks_check(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["banks", "check"])
    assert result.exit_code == 0 and "social-work-pulse.toml: Social work pulse" in result.output
    bad = tmp_path / "broken.toml"
    bad.write_text('[bank]\nkey = "broken"\n')
    result = runner.invoke(args=["banks", "check", str(bad)])
    assert result.exit_code == 1
    assert "Error: broken.toml: bank.version: is required" in result.output


def test_banks_check_refuses_new_words_under_a_recorded_key(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """A principal social worker editing a bank is told before a wave mixes two wordings."""
    original = SURVEYS / "social-work-pulse.toml"
    text = original.read_text(encoding="utf-8")
    question = load_bank(original).questions[0]
    reworded = tmp_path / "social-work-pulse.toml"
    reworded.write_text(text.replace(question.text, question.text + " at work"), encoding="utf-8")
    result = runner.invoke(args=["banks", "check", str(reworded)])
    assert result.exit_code == 1
    assert f"the words of {question.key} changed; give each a new key" in result.output


def test_db_check(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0 and "match" in result.output
