"""A web worker imports only what serving pages needs: every worker holds what it imports.

pyHanko (signing PDFs), Alembic (migrations), Authlib's client and Requests (the council
sign-in) and fpdf2 (posters) came to some 90 MB per worker; they are imported when used.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from surveyapp.paths import PROJECT_ROOT

USED_LATER = ("pyhanko", "alembic", "mako", "authlib", "requests", "aiohttp", "fpdf", "pypdf")
START = """
import json, sys
from surveyapp import create_app
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40, "TOKEN_PEPPER": "y" * 40},
           instance_path=sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if "." not in m)))
"""


def test_a_worker_starts_without_what_only_some_requests_use(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", START, str(tmp_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set(json.loads(done.stdout.splitlines()[-1]))
    assert "flask" in imported and "surveyapp" in imported
    assert sorted(imported & set(USED_LATER)) == []
