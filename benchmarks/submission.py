"""Submission under load: the app under gunicorn against a bare Flask+SQLAlchemy baseline.

Both are served by the bundled gunicorn configuration on 127.0.0.1 and driven by wrk with the
same bounded load: 32 connections for 20 s per round, rounds alternating app / baseline. Each
connection walks the full path again and again: the code page, the code form with a pre-issued
invitation code, the first survey page, and the submit with 18 answers, two bands and two
comments (encrypted by the app). CSRF stays on: the script reads each form token from the page.
Rate limits are off (all load comes from one address). Goal: app/baseline >= 0.6, p99 <= 50 ms,
no errors.

    .venv/bin/python benchmarks/submission.py [--database sqlite|postgres|both]
        [--rounds 3] [--duration 20] [--connections 32]

Needs wrk (Debian's wrk package; `make bench` installs it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.servers import database, environment, gunicorn  # noqa: E402
from surveyapp import create_app  # noqa: E402
from surveyapp.database import get_engine, migrate, session_scope  # noqa: E402
from surveyapp.runtime import runtime  # noqa: E402
from surveyapp.services.invitations import MAX_BATCH, issue_invitations  # noqa: E402
from surveyapp.services.units import import_units_csv, unit_by_key  # noqa: E402
from surveyapp.services.waves import create_wave, open_wave  # noqa: E402

LUA = ROOT / "benchmarks" / "submission.lua"
ANSWERS = {
    "morale_valued_v1": "4",
    "morale_drained_v1": "2",
    "morale_team_support_v1": "5",
    "workload_caseload_v1": "3",
    "workload_direct_time_v1": "2",
    "workload_out_of_hours_v1": "most_weeks",
    "supervision_last_v1": "within_2_months",
    "supervision_cancelled_v1": "once",
    "supervision_reflective_v1": "2",
    "supervision_challenge_v1": "3",
    "supervision_actions_v1": "1",
    "supervision_record_v1": "4",
    "trust_speak_up_v1": "2",
    "trust_fair_decisions_v1": "3",
    "trust_survey_action_v1": "2",
    "retention_stay_year_v1": "4",
    "retention_looking_v1": "2",
    "recommend_workplace_v1": "7",
    "role": "social_worker",
    "length_of_service": "one_to_five_years",
    "comment_keep_v1": "Peer support in the team is brilliant, people always make time.",
    "comment_change_v1": "Supervision keeps being cancelled because of court deadlines.",
}
COUNCIL = "key,name,parent_key,headcount\norg,Benchmark Council,,0\nteam,Benchmark Team,org,500\n"
# Enough codes per round for far more journeys than two cores can serve in a round.
CODES_PER_SECOND = 800


def prepare(url: str, codes_needed: int, folder: Path) -> list[Path]:
    """Migrate, open a wave, issue the codes; one file of fresh codes per app round."""
    migrate.upgrade(url)
    os.environ.update(environment(url))
    app = create_app()
    bank = runtime(app).banks["social-work-pulse"]
    tokens: list[str] = []
    with app.app_context(), session_scope(app) as session:
        import_units_csv(session, COUNCIL)
        root, team = unit_by_key(session, "org"), unit_by_key(session, "team")
        assert root is not None and team is not None
        wave = create_wave(session, bank, root, "Benchmark", dt.date.today() + dt.timedelta(30))
        open_wave(session, wave, 5, 10, dt.date.today())
        while len(tokens) < codes_needed:
            count = min(MAX_BATCH, codes_needed - len(tokens))
            tokens += issue_invitations(session, wave, team, count, app.config["TOKEN_PEPPER"])
    get_engine(app).dispose()
    from benchmarks.baseline_app import create_table

    create_table(url)
    return tokens_to_files(tokens, folder)


def tokens_to_files(tokens: list[str], folder: Path) -> list[Path]:
    files = []
    per_round = len(tokens) // ROUNDS
    for number in range(ROUNDS):
        path = folder / f"codes-{number}.txt"
        path.write_text("\n".join(tokens[number * per_round : (number + 1) * per_round]) + "\n")
        files.append(path)
    return files


def run_wrk(port: int, codes: Path, answers: Path, duration: int, connections: int) -> dict:
    result = subprocess.run(  # noqa: S603
        [
            "wrk",
            f"-t{connections}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
            "--",
            str(codes),
            str(connections),
            str(answers),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line[len("RESULT ") :])
    figures["req_per_s"] = figures["requests"] / figures["seconds"]
    figures["journeys_per_s"] = figures["journeys"] / figures["seconds"]
    figures["errors"] = (
        figures["socket_errors"]
        + figures["status_errors"]
        + figures["failed_journeys"]
        + figures["out_of_codes"]
    )
    return figures


def bench(kind: str, rounds: int, duration: int, connections: int) -> dict[str, list[dict]]:
    folder = Path(tempfile.mkdtemp(prefix="surveyapp-submission-"))
    answers = folder / "answers.txt"
    answers.write_text(urlencode(ANSWERS))
    results: dict[str, list[dict]] = {"app": [], "baseline": []}
    with database(kind) as url:
        codes = prepare(url, CODES_PER_SECOND * duration * rounds, folder)
        for number in range(rounds):
            for name, target in (("app", "wsgi:app"), ("baseline", "benchmarks.baseline_app:app")):
                with gunicorn(target, url, folder / f"{name}-{number}.log") as port:
                    figures = run_wrk(port, codes[number], answers, duration, connections)
                results[name].append(figures)
                print(
                    f"  {kind} round {number + 1} {name:8s} {figures['req_per_s']:7.1f} req/s"
                    f" ({figures['journeys_per_s']:6.1f} submissions/s)"
                    f"  p50 {figures['p50_ms']:6.1f} ms  p99 {figures['p99_ms']:6.1f} ms"
                    f"  errors {figures['errors']}",
                    flush=True,
                )
    shutil.rmtree(folder, ignore_errors=True)
    return results


def summary(kind: str, results: dict[str, list[dict]]) -> str:
    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    lines = [f"{kind}:"]
    for name in ("app", "baseline"):
        errors = sum(r["errors"] for r in results[name])
        lines.append(
            f"  {name:8s} {median(name, 'req_per_s'):7.1f} req/s"
            f" ({median(name, 'journeys_per_s'):6.1f} submissions/s)"
            f"  p50 {median(name, 'p50_ms'):6.1f} ms  p99 {median(name, 'p99_ms'):6.1f} ms"
            f"  errors {errors}  (median of {len(results[name])} rounds)"
        )
    ratio = median("app", "req_per_s") / median("baseline", "req_per_s")
    p99 = median("app", "p99_ms")
    errors = sum(r["errors"] for r in results["app"])
    lines.append(
        f"  ratio app/baseline {ratio:.2f} (goal >= 0.6: {'met' if ratio >= 0.6 else 'MISSED'});"
        f" app p99 {p99:.1f} ms (goal <= 50: {'met' if p99 <= 50 else 'MISSED'});"
        f" app errors {errors} (goal 0: {'met' if errors == 0 else 'MISSED'})"
    )
    return "\n".join(lines)


ROUNDS = 3


def main() -> None:
    global ROUNDS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (or run `make bench`)")
    ROUNDS = args.rounds
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    started = time.monotonic()
    reports = []
    for kind in kinds:
        reports.append(summary(kind, bench(kind, args.rounds, args.duration, args.connections)))
    workers = 2 * len(os.sched_getaffinity(0)) + 1
    print()
    print(
        f"Submission benchmark: {args.connections} connections, {args.duration} s per round,"
        f" gunicorn sync workers: {workers}; cores: {os.cpu_count()}"
        f" (wrk shares them); {time.monotonic() - started:.0f} s in all"
    )
    print("\n".join(reports))
    print(
        f"Reproduce: .venv/bin/python benchmarks/submission.py --database {args.database}"
        f" --rounds {args.rounds} --duration {args.duration} --connections {args.connections}"
    )


if __name__ == "__main__":
    main()
