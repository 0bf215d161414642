"""Static checks that are part of the test command: lint and format, types of the domain and the
services, and the import contracts (layers, no blueprint below the blueprints, plain domain)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONTRACTS = 4


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_every_import_contract_is_kept() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACTS} kept, 0 broken" in result.stdout, result.stdout
    for name in ("Layers:", "Nothing below the blueprints imports a blueprint", "plain Python"):
        assert re.search(rf"{re.escape(name)}.* KEPT", result.stdout), name


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_and_services_pass_mypy_strict() -> None:
    command = (str(BIN / "mypy"), "--strict", "--no-error-summary")
    result = run(*command, "surveyapp/domain", "surveyapp/services")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wsgi_exposes_the_app() -> None:
    result = run(sys.executable, "-c", "import wsgi; print(type(wsgi.app).__name__)")
    assert result.returncode == 0 and result.stdout.strip() == "Flask", result.stderr
