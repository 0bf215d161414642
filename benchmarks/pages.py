"""Page load times on the demo council, warm, through the WSGI app (no network in between).

    .venv/bin/python benchmarks/pages.py

Loads the demo into a temporary SQLite database, signs in an analyst, requests each page once
to warm caches, then times RUNS requests of each and prints the median and the worst.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from surveyapp import create_app  # noqa: E402
from surveyapp.accounts.signed_in import SESSION_KEY  # noqa: E402
from surveyapp.database import get_engine, migrate, session_scope  # noqa: E402
from surveyapp.demo import load_demo  # noqa: E402
from surveyapp.domain.roles import Role  # noqa: E402
from surveyapp.models import User, Wave
from surveyapp.runtime import runtime
from surveyapp.services import staff_sessions  # noqa: E402
from surveyapp.services.units import unit_by_key  # noqa: E402

RUNS = 20


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder}/pages.sqlite3"
    migrate.upgrade(url)
    app = create_app(
        {"DATABASE_URL": url, "RATELIMIT_ENABLED": False}, instance_path=str(folder / "instance")
    )
    with app.app_context(), session_scope(app) as session:
        bank = runtime(app).banks["social-work-pulse"]
        load_demo(session, bank, runtime(app).answer_cipher, 5, 10)
        root = unit_by_key(session, "northbridge")
        service = unit_by_key(session, "safeguarding")
        team = unit_by_key(session, "children-in-care-01")
        assert root and service and team
        user = User(
            email="bench@example.test",
            password_hash="x",
            role=Role.ANALYST,
            scope_unit_id=root.id,
            can_see_comments=True,
        )
        session.add(user)
        session.flush()
        staff_session = staff_sessions.start(
            session, app.config["TOKEN_PEPPER"], user, dt.datetime.now(dt.UTC)
        )
        user_id, wave = user.get_id(), max(session.scalars(select(Wave.id)))
        ids = (root.id, service.id, team.id)
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"], flask_session["_fresh"] = user_id, True
        flask_session[SESSION_KEY] = staff_session
    base = f"/insights/waves/{wave}/units"
    pages = {
        "results index": "/insights/",
        "dashboard: organisation": f"{base}/{ids[0]}",
        "dashboard: service": f"{base}/{ids[1]}",
        "dashboard: team": f"{base}/{ids[2]}",
        "comments: organisation": f"{base}/{ids[0]}/comments",
        "export CSV: organisation": f"{base}/{ids[0]}/export.csv",
        "export XLSX: organisation": f"{base}/{ids[0]}/export.xlsx",
        "board view: organisation": f"/board/waves/{wave}/units/{ids[0]}",
        "respondent: home": "/",
    }
    print(f"{'page':28} {'median ms':>10} {'worst ms':>9}")
    for label, path in pages.items():
        assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(path)
            timings.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200
        print(f"{label:28} {statistics.median(timings):10.1f} {max(timings):9.1f}")
    get_engine(app).dispose()
    print(f"cores: {os.cpu_count()}  runs per page: {RUNS}  database: SQLite (demo council)")
    print("reproduce: .venv/bin/python benchmarks/pages.py")


if __name__ == "__main__":
    main()
