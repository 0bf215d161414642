"""Static checks that are part of the test command: lint, types of the domain, import contract."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_domain_imports_no_flask_sqlalchemy_or_altair() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", "surveyapp", "tests", "migrations/env.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_passes_mypy_strict() -> None:
    result = run(str(BIN / "mypy"), "--strict", "--no-error-summary", "surveyapp/domain")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wsgi_exposes_the_app() -> None:
    result = run(sys.executable, "-c", "import wsgi; print(type(wsgi.app).__name__)")
    assert result.returncode == 0 and result.stdout.strip() == "Flask", result.stderr
