"""Time to compute and store a publication plan: 2,000 units x 30 questions, role breakdown.

Run from the repository root, in the project's environment:
    .venv/bin/python benchmarks/plan_compute.py
Goal (issue 4): at most 1 s for computing and serialising the plan on the developer machine.
The breakdown's auditor gate is part of the timed work.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveyapp.domain.disclosure import PlanInput, Reason, UnitNode, compute_plan  # noqa: E402

SERVICES = 20
TEAMS_PER_SERVICE = 100
QUESTIONS = 30
OPTIONS = ("1", "2", "3", "4", "5")
BANDS = ("manager", "practitioner", "newly_qualified", "support", "prefer_not_to_say")
RUNS = 5
GOAL_SECONDS = 1.0


def synthetic_input(seed: int = 4) -> PlanInput:
    """An organisation > 20 services > 100 teams each, with skips and a role dimension."""
    rng = random.Random(seed)
    units = [UnitNode(1, None, "Organisation")]
    responses: dict[int, int] = {1: 0}
    for s in range(SERVICES):
        service_id = 2 + s * (TEAMS_PER_SERVICE + 1)
        units.append(UnitNode(service_id, 1, f"Service {s}"))
        responses[service_id] = rng.choice([0, 0, 0, 2, 6])
        for t in range(TEAMS_PER_SERVICE):
            team_id = service_id + 1 + t
            units.append(UnitNode(team_id, service_id, f"Team {s}.{t}"))
            responses[team_id] = rng.randint(0, 15)
    questions = [f"q{i:02d}" for i in range(QUESTIONS)]
    answered: dict[tuple[int, str], int] = {}
    options: dict[tuple[int, str], dict[str, int]] = {}
    comments: dict[tuple[int, str], int] = {}
    bands: dict[tuple[int, str, str], int] = {}
    for unit_id, n in responses.items():
        for key in questions:
            got = n - (rng.random() < 0.1) * min(n, rng.randint(1, 2))
            answered[unit_id, key] = got
            split = dict.fromkeys(OPTIONS, 0)
            for _ in range(got):
                split[rng.choice(OPTIONS)] += 1
            options[unit_id, key] = split
        for prompt in ("went_well", "change_one_thing"):
            comments[unit_id, prompt] = rng.randint(0, n)
        left = n - (rng.random() < 0.2)
        for band_name in BANDS:
            count = rng.randint(0, max(left, 0)) if band_name != BANDS[-1] else max(left, 0)
            bands[unit_id, "role", band_name] = count
            left -= count
    return PlanInput(
        units=tuple(units),
        k=5,
        k_comments=10,
        responses=responses,
        question_answered=answered,
        question_options=options,
        themes={f"theme{i}": tuple(questions[i * 5 : i * 5 + 5]) for i in range(6)},
        comment_counts=comments,
        band_counts=bands,
    )


def main() -> None:
    plan_input = synthetic_input()
    compute_times, store_times = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        plan = compute_plan(plan_input)
        computed = time.perf_counter()
        stored = json.dumps(plan.to_dict(), separators=(",", ":"))
        finished = time.perf_counter()
        compute_times.append(computed - started)
        store_times.append(finished - computed)
    totals = [c + s for c, s in zip(compute_times, store_times, strict=True)]
    band_reasons = sorted(
        {str(c.reason or "published") for c in plan.cells() if c.measure.startswith("band:")}
    )
    useful = plan.usefulness
    print(f"units: {len(plan_input.units)}  questions: {QUESTIONS}  cells: {len(plan)}")
    print(f"rollups: {len(plan.rollups)}  role breakdown at the organisation: {band_reasons}")
    print(
        f"published: {useful.share_published:.1%} of cells "
        f"(primary rule alone: {useful.share_primary_only:.1%})"
    )
    print(f"stored plan: {len(stored) / 1e6:.2f} MB of JSON")
    print(f"compute plan: median {statistics.median(compute_times):.3f} s")
    print(f"to_dict + JSON: median {statistics.median(store_times):.3f} s")
    print(
        f"compute + store: median {statistics.median(totals):.3f} s, "
        f"best {min(totals):.3f} s over {RUNS} runs (goal <= {GOAL_SECONDS:.1f} s)"
    )
    print(f"cores: {os.cpu_count()}  python: {platform.python_version()}")
    print("reproduce: .venv/bin/python benchmarks/plan_compute.py  (from the repository root)")
    withheld = any(c.reason is Reason.BREAKDOWN_WITHHELD for c in plan.cells())
    if withheld:
        print("note: the role breakdown was withheld by the auditor gate for this data")


if __name__ == "__main__":
    main()
