"""The command line speaks the locale's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it
is one of ``SURVEYAPP_LANGUAGES``, else the first of them: results, errors and help."""

import pytest

from surveyapp.cli.language import language

from .test_cli import run_console_script

WELSH = {"LANG": "cy_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("welsh-cli")
    settings = {"SURVEYAPP_DATABASE_URL": f"sqlite:///{folder}/x.sqlite3"}
    upgraded = run_console_script("db", "upgrade", env={**settings, **WELSH})
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == "Mae’r gronfa ddata yn gyfredol."
    return settings


def test_a_command_answers_in_welsh_under_a_welsh_locale(database: dict[str, str]) -> None:
    result = run_console_script("wave", "list", env={**database, **WELSH})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Dim cylchoedd eto."


def test_an_error_is_in_welsh_and_english_stays_english(database: dict[str, str]) -> None:
    result = run_console_script("wave", "close", "99", env={**database, **WELSH})
    assert result.returncode == 1
    assert result.stderr.strip() == "Gwall: dim cylch 99"
    english = run_console_script("wave", "close", "99", env={**database, "LANG": "en_GB.UTF-8"})
    assert english.stderr.strip() == "Error: no wave 99"


def test_help_and_usage_errors_are_in_welsh(database: dict[str, str]) -> None:
    result = run_console_script("wave", "open", "--help", env={**database, **WELSH})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Defnydd: surveyapp wave open [OPTIONS]")
    assert "Agor cylch: yn rhewi coeden yr unedau" in result.stdout
    assert "allwedd y banc cwestiynau  [diofyn: social-work-pulse]" in result.stdout
    missing = run_console_script("wave", "open", "--name", "x", env={**database, **WELSH})
    assert missing.returncode == 2
    assert "Gwall: Opsiwn ar goll '--unit'." in missing.stderr


def test_a_language_the_deployment_does_not_offer_gives_its_first(
    database: dict[str, str],
) -> None:
    english_only = {**database, **WELSH, "SURVEYAPP_LANGUAGES": "en"}
    result = run_console_script("wave", "close", "99", env=english_only)
    assert result.stderr.strip() == "Error: no wave 99"
    welsh_first = {**database, "LANG": "fr_FR.UTF-8", "SURVEYAPP_LANGUAGES": "cy,en"}
    result = run_console_script("wave", "close", "99", env=welsh_first)
    assert result.stderr.strip() == "Gwall: dim cylch 99"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "cy_GB.UTF-8"}, "cy"),
        ({"LANG": "cy"}, "cy"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "cy_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "cy_GB.UTF-8", "LANG": "en_GB.UTF-8"}, "cy"),
        ({"LC_ALL": "", "LANG": "cy_GB.UTF-8"}, "cy"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_variables_in_their_posix_order(environ: dict[str, str], expected: str) -> None:
    assert language(environ) == expected
