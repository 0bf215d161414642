"""Write requirements.lock: the exact versions of the runtime and test dependencies installed now.

    .venv/bin/python scripts/lock.py

It walks the dependency tree of ``surveyapp[test]`` through the installed distributions' own
metadata (so only what the project really pulls in is listed, not whatever else the environment
holds) and pins each one. The test suite audits the lock with pip-audit and checks that every
dependency named in pyproject.toml is in it.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("test",)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(root: str, extras: tuple[str, ...]) -> dict[str, str]:
    """Installed distribution name -> version, for ``root[extras]`` and all it requires."""
    pinned: dict[str, str] = {}
    pending: list[tuple[str, tuple[str, ...]]] = [(root, extras)]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        name, wanted = pending.pop()
        if (canonical(name), wanted) in seen:
            continue
        seen.add((canonical(name), wanted))
        distribution = metadata.distribution(name)
        if canonical(name) != canonical(root):
            pinned[distribution.metadata["Name"]] = distribution.version
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not any(
                requirement.marker.evaluate({**default_environment(), "extra": extra})
                for extra in ("", *wanted)
            ):
                continue
            pending.append((requirement.name, tuple(sorted(requirement.extras))))
    return pinned


def main() -> None:
    pins = closure("surveyapp", EXTRAS)
    lines = [
        "# Exact versions of Staff Voice's runtime and test dependencies, for pip-audit.",
        "# Regenerate with: .venv/bin/python scripts/lock.py",
        *(f"{name}=={pins[name]}" for name in sorted(pins, key=str.lower)),
    ]
    (ROOT / "requirements.lock").write_text("\n".join(lines) + "\n")
    print(f"requirements.lock: {len(pins)} packages")


if __name__ == "__main__":
    main()
