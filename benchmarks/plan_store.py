"""Compute AND store a plan: 2,000 units x 30 questions, role breakdown (goal: <= 1 s).

Stores into a real database through the PlanSnapshot model, as `current_plan` does:
SQLite in a temporary folder by default, or any database given with --database-url.

    .venv/bin/python benchmarks/plan_store.py [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from benchmarks.plan_compute import synthetic_input  # noqa: E402
from surveyapp.database import make_engine, migrate  # noqa: E402
from surveyapp.domain.disclosure import compute_plan  # noqa: E402
from surveyapp.models import PlanSnapshot, Unit, Wave, WaveState  # noqa: E402

RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    migrate.upgrade(url)
    engine = make_engine(url)
    plan_input = synthetic_input()
    with Session(engine) as session:
        root = Unit(key="bench-root", name="Benchmark", headcount=0)
        wave = Wave(
            name="bench",
            bank_key="b",
            bank_version="1",
            root_unit=root,
            state=WaveState.CLOSED,
            min_group_size=plan_input.k,
            min_comment_group_size=plan_input.k_comments,
        )
        session.add(wave)
        session.commit()
        wave_id = wave.id
    timings = []
    for run in range(RUNS):
        started = time.perf_counter()
        plan = compute_plan(plan_input)
        with Session(engine) as session:
            session.add(
                PlanSnapshot(
                    wave_id=wave_id,
                    number=run + 1,
                    is_final=True,
                    total_responses=plan_input.total_responses,
                    digest=plan.digest(),
                    plan_json=plan.canonical_json(),
                )
            )
            session.commit()
        timings.append(time.perf_counter() - started)
    with Session(engine) as session:
        session.execute(delete(PlanSnapshot))
        session.commit()
    engine.dispose()
    print(f"database: {engine.dialect.name}  units: {len(plan_input.units)}  cells: {len(plan)}")
    print(
        f"compute + digest + store: median {statistics.median(timings):.3f} s, "
        f"best {min(timings):.3f} s over {RUNS} runs (goal <= 1.0 s)"
    )
    print(f"cores: {os.cpu_count()}")
    print("reproduce: .venv/bin/python benchmarks/plan_store.py [--database-url URL]")


if __name__ == "__main__":
    main()
