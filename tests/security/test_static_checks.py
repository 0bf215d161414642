"""Security checks in the test command: bandit over the package, pip-audit over the locked deps."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def run(*command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def test_bandit_finds_no_high_severity_issue() -> None:
    result = run(str(BIN / "bandit"), "-r", "surveyapp", "-f", "json", "-q")
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    high = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
        if r["issue_severity"] == "HIGH"
    ]
    assert high == []
    assert report["metrics"]["_totals"]["loc"] > 1000, "bandit scanned nothing"


def test_every_declared_dependency_is_pinned_in_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {canonical(re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0]) for spec in declared}
    missing = sorted(names - set(locked()))
    assert missing == [], f"add to requirements.lock: {missing}"


def unreachable(name: str, version: str) -> str | None:
    """Why PyPI's vulnerability data for one pin cannot be read from here, or None if it can.

    pip-audit's "pypi" service reads ``/pypi/<name>/<version>/json``; where that is not served
    (a mirror, no network), it reports every pin as "not found" rather than failing.
    """
    url = f"https://pypi.org/pypi/{name}/{version}/json"
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            json.load(response)["vulnerabilities"]
    except (OSError, ValueError, KeyError) as exc:
        return f"GET {url}: {exc!r}"
    return None


def test_pip_audit_reports_no_known_vulnerability_in_the_lock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """pip-audit over the pinned versions, with PyPI's vulnerability data.

    Every pin is looked up. If none could be, the test skips only when PyPI's data for a pin
    pip-audit gave up on cannot be read from here either, saying why (see docs/PRODUCTION.md);
    if that data can be read, auditing nothing is a failure.
    """
    pins = locked()
    result = run(
        str(BIN / "pip-audit"),
        "--disable-pip",
        "--no-deps",
        "--requirement",
        str(LOCK),
        "--vulnerability-service",
        "pypi",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--timeout",
        "20",
    )
    if result.returncode not in (0, 1):
        reason = unreachable("flask", pins["flask"])
        if reason is not None:
            pytest.skip(f"PyPI's vulnerability data cannot be reached from here: {reason}")
        raise AssertionError(f"pip-audit failed although PyPI answers: {result.stderr}")
    report = json.loads(result.stdout)
    found = [
        f"{dep['name']} {dep['version']}: {', '.join(v['id'] for v in dep['vulns'])}"
        for dep in report["dependencies"]
        if dep.get("vulns")
    ]
    assert found == [], f"known vulnerabilities in locked dependencies: {found}"
    assert result.returncode == 0, result.stderr
    assert len(report["dependencies"]) == len(pins)
    skipped = [dep for dep in report["dependencies"] if "skip_reason" in dep]
    audited = len(report["dependencies"]) - len(skipped)
    if audited == 0:
        name = canonical(skipped[0]["name"])
        reason = unreachable(name, pins[name])
        if reason is not None:
            pytest.skip(
                f"none of {len(pins)} locked packages audited: PyPI's vulnerability data "
                f"cannot be reached from here ({reason})"
            )
    assert audited > 0, f"pip-audit audited none of {len(pins)} pins: {skipped[:3]}"
    with capsys.disabled():
        print(
            f"\npip-audit: {audited} of {len(pins)} locked packages audited,"
            f" {len(skipped)} could not be looked up"
        )
