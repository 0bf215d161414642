"""Time to compute and store a publication plan: 2,000 units x 30 questions, with breakdowns.

Run from the repository root, in the project's environment:
    .venv/bin/python benchmarks/plan_compute.py
Goal (issue 4): at most 1 s for computing and serialising the plan on the developer machine.
Breakdowns at the organisation by role and by length of service, with joint counts (so both
dimensions are audited together), and the role breakdown of every question (30 questions x 5
bands). Every auditor gate is part of the timed work; building the input is not. Timed as the
app runs it (``current_plan``): the cycle collector paused, the plan written as its canonical
JSON (the text stored and signed).
"""

from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveyapp.domain.disclosure import PlanInput, Reason, UnitNode, compute_plan  # noqa: E402

SERVICES = 20
TEAMS_PER_SERVICE = 100
QUESTIONS = 30
OPTIONS = ("1", "2", "3", "4", "5")
BANDS = ("manager", "practitioner", "newly_qualified", "support", "prefer_not_to_say")
SERVICE_BANDS = ("under_1_year", "1_to_5_years", "over_5_years")
RUNS = 5
GOAL_SECONDS = 1.0


def synthetic_input(seed: int = 4) -> PlanInput:
    """An organisation > 20 services > 100 teams each; each respondent drawn one by one (bands,
    skips, answers), so every count agrees with every other."""
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
    answered: dict[tuple[int, str], int] = Counter()
    options: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    comments: dict[tuple[int, str], int] = {}
    bands: dict[tuple[int, str, str], int] = Counter()
    joint: dict[tuple[int, tuple[tuple[str, str], ...]], int] = Counter()
    band_answered: dict[tuple[int, str, str, str], int] = Counter()
    band_options: dict[tuple[int, str, str, str], Counter[str]] = defaultdict(Counter)
    for unit_id, n in responses.items():
        for _ in range(n):
            role = rng.choice(BANDS) if rng.random() < 0.9 else None
            service = rng.choice(SERVICE_BANDS) if rng.random() < 0.85 else None
            pairs = (("length_of_service", service),) if service else ()
            pairs = ((("role", role),) if role else ()) + pairs
            joint[unit_id, tuple(sorted(pairs))] += 1
            for dimension, band_name in pairs:
                bands[unit_id, dimension, band_name] += 1
            for key in questions:
                if rng.random() < 0.93:
                    option = rng.choice(OPTIONS)
                    answered[unit_id, key] += 1
                    options[unit_id, key][option] += 1
                    if role:
                        band_answered[unit_id, "role", role, key] += 1
                        band_options[unit_id, "role", role, key][option] += 1
        for prompt in ("went_well", "change_one_thing"):
            comments[unit_id, prompt] = rng.randint(0, n)
    return PlanInput(
        units=tuple(units),
        k=5,
        k_comments=10,
        responses=responses,
        question_answered=dict(answered),
        question_options={key: dict(counts) for key, counts in options.items()},
        themes={f"theme{i}": tuple(questions[i * 5 : i * 5 + 5]) for i in range(6)},
        comment_counts=comments,
        band_counts=dict(bands),
        band_question_answered=dict(band_answered),
        band_question_options={key: dict(counts) for key, counts in band_options.items()},
        joint_band_counts=dict(joint),
        breakdown_dimensions=("role", "length_of_service"),
    )


def main() -> None:
    plan_input = synthetic_input()
    compute_times, store_times = [], []
    for _ in range(RUNS):
        gc.disable()  # as current_plan computes and stores a plan (snapshots.py)
        started = time.perf_counter()
        plan = compute_plan(plan_input)
        computed = time.perf_counter()
        stored = plan.canonical_json()  # the text that is stored, and its digest signed
        finished = time.perf_counter()
        gc.enable()
        compute_times.append(computed - started)
        store_times.append(finished - computed)
    totals = [c + s for c, s in zip(compute_times, store_times, strict=True)]
    band_reasons = {
        dimension: sorted(
            {
                str(c.reason or "published")
                for c in plan.cells()
                if c.measure.startswith(f"band:{dimension}:")
            }
        )
        for dimension in ("role", "length_of_service")
    }
    by_question = [c for c in plan.cells() if c.measure.startswith("band_question:")]
    shown_by_question = sum(1 for c in by_question if c.is_published)
    useful = plan.usefulness
    print(f"units: {len(plan_input.units)}  questions: {QUESTIONS}  cells: {len(plan)}")
    print(f"rollups: {len(plan.rollups)}  breakdowns at the organisation: {band_reasons}")
    print(f"role x question cells: {shown_by_question} of {len(by_question)} published")
    print(
        f"published: {useful.share_published:.1%} of cells "
        f"(primary rule alone: {useful.share_primary_only:.1%})"
    )
    print(f"stored plan: {len(stored) / 1e6:.2f} MB of JSON")
    print(f"compute plan: median {statistics.median(compute_times):.3f} s")
    print(f"canonical JSON: median {statistics.median(store_times):.3f} s")
    print(
        f"compute + store: median {statistics.median(totals):.3f} s, "
        f"best {min(totals):.3f} s over {RUNS} runs (goal <= {GOAL_SECONDS:.1f} s)"
    )
    print(f"cores: {os.cpu_count()}  python: {platform.python_version()}")
    print("reproduce: .venv/bin/python benchmarks/plan_compute.py  (from the repository root)")
    withheld = any(c.reason is Reason.BREAKDOWN_WITHHELD for c in plan.cells())
    if withheld:
        print("note: some breakdown was withheld by an auditor gate for this data")


if __name__ == "__main__":
    main()
