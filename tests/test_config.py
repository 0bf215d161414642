import json
import stat
from pathlib import Path

import pytest

from surveyapp.config import ConfigError, load

SECRETS = {
    "SURVEYAPP_SECRET_KEY": "s",
    "SURVEYAPP_TOKEN_PEPPER": "p",
    "SURVEYAPP_COMMENT_KEYS": "u0hFbE1nCRyvYSpe8a2cgqTTpJd2rdFJCwR6gD7X9Mg=",
}


def test_defaults_are_sqlite_in_instance_and_k_5_and_10(tmp_path: Path) -> None:
    config = load({}, tmp_path)
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'surveyapp.sqlite3'}"
    assert (config["MIN_GROUP_SIZE"], config["MIN_COMMENT_GROUP_SIZE"]) == (5, 10)


def test_unknown_setting_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^SURVEYAPP_MIN_GRUOP_SIZE is not a known setting$"):
        load({"SURVEYAPP_MIN_GRUOP_SIZE": "2"}, tmp_path)


def test_unknown_override_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_NOPE"):
        load({}, tmp_path, {"NOPE": 1})


def test_other_environment_variables_are_ignored(tmp_path: Path) -> None:
    assert load({"PATH": "/bin", "SURVEYAPPX": "1"}, tmp_path)["ENV"] == "development"


@pytest.mark.parametrize("k", ["2", "0", "-1"])
def test_minimum_group_size_below_3_is_refused(tmp_path: Path, k: str) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_MIN_GROUP_SIZE must be at least 3"):
        load({"SURVEYAPP_MIN_GROUP_SIZE": k}, tmp_path)


def test_comment_threshold_below_k_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_MIN_COMMENT_GROUP_SIZE"):
        load({"SURVEYAPP_MIN_GROUP_SIZE": "8", "SURVEYAPP_MIN_COMMENT_GROUP_SIZE": "6"}, tmp_path)


def test_non_numeric_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^SURVEYAPP_MIN_GROUP_SIZE is not valid"):
        load({"SURVEYAPP_MIN_GROUP_SIZE": "five"}, tmp_path)


def test_bad_comment_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_COMMENT_KEYS is not valid"):
        load({"SURVEYAPP_COMMENT_KEYS": "not-a-key"}, tmp_path)


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_production_refuses_to_start_without_each_secret(tmp_path: Path, missing: str) -> None:
    environ = {**SECRETS, "SURVEYAPP_ENV": "production"}
    del environ[missing]
    with pytest.raises(ConfigError, match=f"^{missing} must be set when SURVEYAPP_ENV=production$"):
        load(environ, tmp_path)
    assert not (tmp_path / "secrets.json").exists()


def test_production_starts_with_all_secrets(tmp_path: Path) -> None:
    config = load({**SECRETS, "SURVEYAPP_ENV": "production"}, tmp_path)
    assert config["SECRET_KEY"] == "s"
    assert config["COMMENT_KEYS"] == (SECRETS["SURVEYAPP_COMMENT_KEYS"],)


def test_development_generates_secrets_once_and_keeps_them_private(tmp_path: Path) -> None:
    first = load({}, tmp_path)
    second = load({}, tmp_path)
    for key in ("SECRET_KEY", "TOKEN_PEPPER", "COMMENT_KEYS"):
        assert first[key] and first[key] == second[key]
    path = tmp_path / "secrets.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(json.loads(path.read_text())) == {"SECRET_KEY", "TOKEN_PEPPER", "COMMENT_KEYS"}


def test_given_secrets_are_not_written_to_disk(tmp_path: Path) -> None:
    load(SECRETS, tmp_path)
    assert not (tmp_path / "secrets.json").exists()


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_booleans(tmp_path: Path, raw: str, expected: bool) -> None:
    assert load({"SURVEYAPP_LIVE_RESULTS": raw}, tmp_path)["LIVE_RESULTS"] is expected


def test_bad_boolean_and_bad_env_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_LIVE_RESULTS"):
        load({"SURVEYAPP_LIVE_RESULTS": "maybe"}, tmp_path)
    with pytest.raises(ConfigError, match="SURVEYAPP_ENV"):
        load({"SURVEYAPP_ENV": "staging"}, tmp_path)
