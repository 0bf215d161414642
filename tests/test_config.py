import json
import secrets
import stat
from pathlib import Path

import pytest

from surveyapp.config import ConfigError, load

# As ``secrets.token_urlsafe(32)`` makes them (docs/PRODUCTION.md).
SECRETS = {
    "SURVEYAPP_SECRET_KEY": "Jm2wq0Hk9yX3VbT7nLrC4sZ8pE1uGfA6dKoNiQeRtWc",
    "SURVEYAPP_TOKEN_PEPPER": "b7Yc1xPq4Nz9LmR2sKt8VwE5uJh0GdF3aQiOeTnBkZy",
    "SURVEYAPP_ANSWER_KEYS": "poQe3h_2Ck8JmoBok0lZ246tG6Jrpiex2fVdNVRySUY=",
}
OLDER_ANSWER_KEY = "2eohFPW_6t3aT6RCJu4XEKKAJ-WUsodHddflVnYdDhc="
LEGACY_COMMENT_KEY = "u0hFbE1nCRyvYSpe8a2cgqTTpJd2rdFJCwR6gD7X9Mg="


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


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("not base64!", "URL-safe base64"),
        ("c2hvcnQ=", "32 bytes, one is 5"),
        ("A" * 43, "does not look random"),
        (f"{SECRETS['SURVEYAPP_ANSWER_KEYS']},{SECRETS['SURVEYAPP_ANSWER_KEYS']}", "listed twice"),
        (" , ", "one or more"),
    ],
)
def test_a_wrong_answer_key_is_refused_in_one_line_naming_it(
    tmp_path: Path, value: str, why: str
) -> None:
    with pytest.raises(ConfigError, match="^SURVEYAPP_ANSWER_KEYS is not valid: ") as error:
        load({"SURVEYAPP_ANSWER_KEYS": value}, tmp_path)
    assert why in str(error.value) and "\n" not in str(error.value)


def test_answer_keys_are_listed_newest_first(tmp_path: Path) -> None:
    value = f"{SECRETS['SURVEYAPP_ANSWER_KEYS']}, {OLDER_ANSWER_KEY}"
    config = load({"SURVEYAPP_ANSWER_KEYS": value}, tmp_path)
    assert config["ANSWER_KEYS"] == (SECRETS["SURVEYAPP_ANSWER_KEYS"], OLDER_ANSWER_KEY)


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_production_refuses_to_start_without_each_secret(tmp_path: Path, missing: str) -> None:
    environ = {**SECRETS, "SURVEYAPP_ENV": "production"}
    del environ[missing]
    with pytest.raises(ConfigError, match=f"^{missing} must be set when SURVEYAPP_ENV=production$"):
        load(environ, tmp_path)
    assert not (tmp_path / "secrets.json").exists()


def test_production_starts_with_all_secrets(tmp_path: Path) -> None:
    config = load({**SECRETS, "SURVEYAPP_ENV": "production"}, tmp_path)
    assert config["SECRET_KEY"] == SECRETS["SURVEYAPP_SECRET_KEY"]
    assert config["ANSWER_KEYS"] == (SECRETS["SURVEYAPP_ANSWER_KEYS"],)
    assert config["COMMENT_KEYS"] is None, "only the migration that seals comments needs them"


def test_development_generates_secrets_once_and_keeps_them_private(tmp_path: Path) -> None:
    first = load({}, tmp_path)
    second = load({}, tmp_path)
    for key in ("SECRET_KEY", "TOKEN_PEPPER", "ANSWER_KEYS"):
        assert first[key] and first[key] == second[key]
    path = tmp_path / "secrets.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(json.loads(path.read_text())) == {"SECRET_KEY", "TOKEN_PEPPER", "ANSWER_KEYS"}
    assert first["COMMENT_KEYS"] is None


def test_development_reads_the_comment_keys_an_older_version_generated(tmp_path: Path) -> None:
    """Instances set up before comments were sealed have Fernet keys in secrets.json: the
    migration that seals their comments needs them; nothing generates new ones."""
    (tmp_path / "secrets.json").write_text(json.dumps({"COMMENT_KEYS": [LEGACY_COMMENT_KEY]}))
    config = load({}, tmp_path)
    assert config["COMMENT_KEYS"] == (LEGACY_COMMENT_KEY,)
    assert json.loads((tmp_path / "secrets.json").read_text())["COMMENT_KEYS"] == [
        LEGACY_COMMENT_KEY
    ]
    given = load({"SURVEYAPP_COMMENT_KEYS": SECRETS["SURVEYAPP_ANSWER_KEYS"]}, tmp_path)
    assert given["COMMENT_KEYS"] == (SECRETS["SURVEYAPP_ANSWER_KEYS"],)


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


@pytest.mark.parametrize(
    ("name", "weak"),
    [
        ("SURVEYAPP_SECRET_KEY", "x"),
        ("SURVEYAPP_SECRET_KEY", "x" * 64),
        ("SURVEYAPP_SECRET_KEY", "my-secret-key-for-production-2026"),
        ("SURVEYAPP_TOKEN_PEPPER", "pepper"),
        ("SURVEYAPP_TOKEN_PEPPER", "abababababababababababababababababababab"),
    ],
)
def test_production_refuses_a_weak_secret_naming_it(tmp_path: Path, name: str, weak: str) -> None:
    environ = {**SECRETS, "SURVEYAPP_ENV": "production", name: weak}
    with pytest.raises(ConfigError, match=f"^{name} is too weak: use at least 32 random") as error:
        load(environ, tmp_path)
    assert "\n" not in str(error.value)
    assert len(weak) < 6 or weak not in str(error.value)  # the secret is not echoed


def test_secrets_made_as_the_guide_says_are_strong_enough(tmp_path: Path) -> None:
    for _ in range(200):
        environ = {
            **SECRETS,
            "SURVEYAPP_ENV": "production",
            "SURVEYAPP_SECRET_KEY": secrets.token_urlsafe(32),
            "SURVEYAPP_TOKEN_PEPPER": secrets.token_hex(32),
        }
        assert load(environ, tmp_path)["ENV"] == "production"


def test_development_accepts_short_secrets_and_its_generated_ones_would_pass(
    tmp_path: Path,
) -> None:
    assert load({"SURVEYAPP_SECRET_KEY": "x"}, tmp_path)["SECRET_KEY"] == "x"
    generated = load({}, tmp_path / "generated")
    environ = {
        "SURVEYAPP_ENV": "production",
        "SURVEYAPP_SECRET_KEY": generated["SECRET_KEY"],
        "SURVEYAPP_TOKEN_PEPPER": generated["TOKEN_PEPPER"],
        "SURVEYAPP_ANSWER_KEYS": generated["ANSWER_KEYS"][0],
    }
    assert load(environ, tmp_path)["SECRET_KEY"] == generated["SECRET_KEY"]


def test_session_timeouts_default_to_30_minutes_and_12_hours(tmp_path: Path) -> None:
    config = load({}, tmp_path)
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (30, 12)
    config = load(
        {"SURVEYAPP_SESSION_IDLE_MINUTES": "15", "SURVEYAPP_SESSION_MAX_HOURS": "8"}, tmp_path
    )
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (15, 8)
    for name in ("SURVEYAPP_SESSION_IDLE_MINUTES", "SURVEYAPP_SESSION_MAX_HOURS"):
        with pytest.raises(ConfigError, match=f"^{name} is not valid: expected 1 or more"):
            load({name: "0"}, tmp_path)


def test_an_answer_key_that_did_not_seal_the_stored_responses_stops_start_up(
    database_url: str, tmp_path: Path
) -> None:
    """The keys parse, but are not the ones the data was sealed with: the app does not start,
    with one line naming the variable, rather than failing on the first plan or comment."""
    from surveyapp.database import get_engine
    from tests.admin.support import open_wave_with_responses
    from tests.conftest import make_app

    app = make_app(database_url, tmp_path / "a")
    open_wave_with_responses(app)
    get_engine(app).dispose()
    with pytest.raises(ConfigError) as error:
        make_app(database_url, tmp_path / "b", ANSWER_KEYS=(OLDER_ANSWER_KEY,))
    message = str(error.value)
    assert message.startswith("SURVEYAPP_ANSWER_KEYS lacks the key that sealed 18 stored records")
    assert "\n" not in message and OLDER_ANSWER_KEY not in message
    both = make_app(
        database_url, tmp_path / "c", ANSWER_KEYS=(OLDER_ANSWER_KEY, *app.config["ANSWER_KEYS"])
    )
    get_engine(both).dispose()


PRODUCTION = {"SURVEYAPP_ENV": "production", **SECRETS}


def test_a_bad_smtp_url_is_refused_at_start_without_its_password(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^SURVEYAPP_SMTP_URL is not valid: .*smtps://") as bad:
        load({"SURVEYAPP_SMTP_URL": "smpt://mailer:hunter2-secret@mail.example.org"}, tmp_path)
    assert "hunter2" not in str(bad.value)


def test_production_mail_needs_a_sender_and_encryption_beyond_the_machine(tmp_path: Path) -> None:
    remote = "smtp://mailer:pw@mail.example.org:587"
    with pytest.raises(ConfigError, match="SURVEYAPP_MAIL_FROM must be set"):
        load({**PRODUCTION, "SURVEYAPP_SMTP_URL": f"{remote}?starttls=1"}, tmp_path)
    sender = {"SURVEYAPP_MAIL_FROM": "Staff Voice <survey@council.example>"}
    with pytest.raises(ConfigError, match="smtps:// or \\?starttls=1"):
        load({**PRODUCTION, **sender, "SURVEYAPP_SMTP_URL": remote}, tmp_path)
    for url in (f"{remote}?starttls=1", "smtps://mailer:pw@mail.example.org", "smtp://localhost"):
        assert load({**PRODUCTION, **sender, "SURVEYAPP_SMTP_URL": url}, tmp_path)["SMTP_URL"]


def test_a_sender_that_is_no_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SURVEYAPP_MAIL_FROM is not valid"):
        load({"SURVEYAPP_MAIL_FROM": "Staff Voice"}, tmp_path)


def test_separation_of_duties_is_on_in_production_unless_turned_off(tmp_path: Path) -> None:
    production = {**SECRETS, "SURVEYAPP_ENV": "production"}
    assert load(production, tmp_path)["SEPARATE_DUTIES"] is True
    assert (
        load({**production, "SURVEYAPP_SEPARATE_DUTIES": "false"}, tmp_path)["SEPARATE_DUTIES"]
        is False
    )
    assert load({}, tmp_path)["SEPARATE_DUTIES"] is False
    assert load({"SURVEYAPP_SEPARATE_DUTIES": "yes"}, tmp_path)["SEPARATE_DUTIES"] is True
    with pytest.raises(ConfigError, match="SURVEYAPP_SEPARATE_DUTIES is not valid"):
        load({"SURVEYAPP_SEPARATE_DUTIES": "sometimes"}, tmp_path)
