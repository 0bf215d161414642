"""Scale: a 5,000-staff council (60k responses over 12 waves) and a national survey (430k).

Responses are written with the bulk path (``record_responses``), then, each phase in a process of
its own so that its peak RSS is its own:

- plans: every wave's final publication plan computed and stored (``current_plan``), per wave;
- dashboard: GET /insights/waves/<last>/units/<root> through the test client with a signed-in
  analyst, once cold (a worker's first request, after what a gunicorn worker does at start-up:
  templates compiled, chart engine started) then warm (median of 10);
- board pack: ``surveyapp report build`` (HTML, PDF, CSV) for the last wave at the root;
- aggregation: counting every wave's answers from its sealed records (read them, open them,
  one ``bincount`` per wave over unit x question x answer) against pandas doing the same
  group-by on a CSV export of the same answers (load + groupby); the same counts as the dicts a
  plan is fed (``answer_counts``) and ``gather_input`` (every count a plan needs) are timed
  and printed beside them. The CSV export opens the synthetic records into a temporary folder
  for pandas, and is deleted with it: the app itself never writes opened records anywhere.

Goals: dashboard <= 200 ms warm at 60k, <= 1 s cold at national scale; all plans at national
scale <= 10 s on PostgreSQL; counting from sealed records at least 3x faster than pandas load +
groupby; peak RSS <= 300 MB.

    .venv/bin/python benchmarks/scale.py [--scale council|national|both]
        [--database sqlite|postgres|both]

Needs pandas (the ``bench`` extra; `make bench` installs it).
"""

from __future__ import annotations

import argparse
import atexit
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.servers import database, environment, peak_rss_mb  # noqa: E402

SCALES = {
    # name: (regions, councils per region, services per council, teams per service, team size)
    "council": (1, 1, 10, 40, 12.5),
    "national": (9, 16, 3, 7, 11.85),
}
WAVES = 12
SEED = 2026


def unit_csv(scale: str) -> tuple[str, int]:
    regions, councils, services, teams, size = SCALES[scale]
    rng = random.Random(SEED)
    lines = ["key,name,parent_key,headcount", "root,Everyone,,0"]
    staff = 0
    for r in range(regions):
        region = f"r{r}" if regions > 1 else "root"
        if regions > 1:
            lines.append(f"{region},Region {r},root,0")
        for c in range(councils):
            council = f"{region}-c{c}" if councils > 1 else region
            if councils > 1:
                lines.append(f"{council},Council {r}.{c},{region},0")
            for s in range(services):
                service = f"{council}-s{s}"
                lines.append(f"{service},Service {s},{council},0")
                for t in range(teams):
                    headcount = max(3, round(rng.gauss(size, 3)))
                    staff += headcount
                    lines.append(f"{service}-t{t},Team {t},{service},{headcount}")
    return "\n".join(lines) + "\n", staff


def app_for(url: str):  # type: ignore[no-untyped-def]
    """The app on ``url``, with an instance folder (report signing keys) removed at exit."""
    os.environ.update(environment(url, RATELIMIT_ENABLED="false"))
    from surveyapp import create_app

    instance = tempfile.mkdtemp(prefix="surveyapp-scale-instance-")
    atexit.register(shutil.rmtree, instance, ignore_errors=True)
    return create_app(instance_path=instance)


def phase_generate(url: str, scale: str) -> dict[str, object]:
    from sqlalchemy import select

    from surveyapp.database import migrate, session_scope
    from surveyapp.domain.banks import QuestionKind
    from surveyapp.domain.submission import check_submission, require_a_scored_answer
    from surveyapp.models import Unit
    from surveyapp.runtime import runtime
    from surveyapp.services.responses import record_responses
    from surveyapp.services.units import import_units_csv, unit_by_key
    from surveyapp.services.waves import close_wave, create_wave, open_wave

    migrate.upgrade(url)
    app = app_for(url)
    bank = runtime(app).banks["social-work-pulse"]
    cipher = runtime(app).answer_cipher
    rng = random.Random(SEED)

    def answers() -> dict[str, str]:
        raw: dict[str, str] = {}
        mood = rng.gauss(3.4, 0.6)
        for q in bank.questions:
            if rng.random() < 0.03:
                continue
            if q.kind is QuestionKind.AGREEMENT:
                raw[q.key] = str(min(5, max(1, round(rng.gauss(mood, 0.9)))))
            elif q.kind is QuestionKind.RECOMMEND:
                raw[q.key] = str(min(10, max(0, round(rng.gauss(mood * 2, 2)))))
            else:
                raw[q.key] = rng.choice(q.options).key
        for d in bank.demographics:
            if rng.random() < 0.9:
                raw[d.key] = rng.choice(d.bands).key
        for c in bank.comments:
            if rng.random() < 0.2:
                raw[c.key] = rng.choice(
                    [
                        "Supervision keeps being cancelled.",
                        "Peer support in the team is brilliant.",
                        "Fewer cases so there is time to see children.",
                    ]
                )
        return raw

    pool = [check_submission(bank, answers()) for _ in range(3000)]
    for submission in pool:
        require_a_scored_answer(bank, submission)  # no empty response, as the survey refuses
    text, staff = unit_csv(scale)
    started = time.perf_counter()
    total = 0
    with session_scope(app) as session:
        import_units_csv(session, text)
        root = unit_by_key(session, "root")
        assert root is not None
        teams = [
            (u.id, u.headcount) for u in session.scalars(select(Unit).where(Unit.headcount > 0))
        ]
    for number in range(WAVES):
        opens = dt.date(2024, 1, 8) + dt.timedelta(weeks=13 * number)
        with session_scope(app) as session:
            root = unit_by_key(session, "root")
            assert root is not None
            wave = create_wave(
                session, bank, root, f"Wave {number + 1}", opens + dt.timedelta(days=18)
            )
            open_wave(session, wave, 5, 10, opens)
            batch: list = []
            for unit_id, headcount in teams:
                batch.extend((unit_id, rng.choice(pool)) for _ in range(headcount))
                if len(batch) >= 2000:
                    total += record_responses(session, wave.id, bank, batch, cipher)
                    batch = []
            total += record_responses(session, wave.id, bank, batch, cipher)
            close_wave(session, wave, opens + dt.timedelta(days=18), cipher)
    if url.startswith("postgresql"):
        # Twelve waves written in minutes stand for three years of waves, each open for weeks:
        # time enough for autovacuum to have vacuumed and analysed every table, as it would have.
        from surveyapp.database import get_engine

        with get_engine(app).connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )
    return {
        "responses": total,
        "staff": staff,
        "units": len(teams),
        "generate_s": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_plans(url: str) -> dict[str, object]:
    from sqlalchemy import select

    from surveyapp.database import session_scope
    from surveyapp.models import Wave
    from surveyapp.runtime import runtime
    from surveyapp.services.publication import (
        answer_counts,
        current_plan,
        gather_input,
    )
    from surveyapp.services.sealed import opened_responses

    app = app_for(url)
    banks = runtime(app).banks
    settings = runtime(app).plan_settings
    sealed, counts, gather, plans = [], [], [], []
    with session_scope(app) as session:
        waves = list(session.scalars(select(Wave).order_by(Wave.id)))
        for wave in waves:
            bank = banks[wave.bank_key]
            started = time.perf_counter()
            opened_responses(session, wave.id, settings.answer_cipher).cube()
            sealed.append(time.perf_counter() - started)
            started = time.perf_counter()
            answer_counts(session, wave, settings)
            counts.append(time.perf_counter() - started)
            started = time.perf_counter()
            gather_input(session, wave, bank, settings)
            gather.append(time.perf_counter() - started)
            started = time.perf_counter()
            current_plan(session, wave, bank, settings)
            session.commit()
            plans.append(time.perf_counter() - started)
    return {
        "sealed_s": sealed,
        "counts_s": counts,
        "gather_s": gather,
        "plan_s": plans,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_dashboard(url: str) -> dict[str, object]:
    from sqlalchemy import func, select

    from surveyapp.accounts.signed_in import SESSION_KEY
    from surveyapp.database import session_scope
    from surveyapp.domain.roles import Role
    from surveyapp.models import User, Wave
    from surveyapp.ops.warm_up import compile_templates, start_engine
    from surveyapp.services import staff_sessions
    from surveyapp.services.units import unit_by_key

    app = app_for(url)
    with session_scope(app) as session:
        root = unit_by_key(session, "root")
        assert root is not None
        wave_id = session.scalar(select(func.max(Wave.id)))
        user = User(
            email="analyst@bench.example",
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
        user_id, root_id = user.get_id(), root.id
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user_id
        flask_session["_fresh"] = True
        flask_session[SESSION_KEY] = staff_session
    path = f"/insights/waves/{wave_id}/units/{root_id}"
    # What a gunicorn worker does before its first request (wsgi.py, gunicorn.conf.py).
    started = time.perf_counter()
    compile_templates(app)
    start_engine()
    start_up = time.perf_counter() - started
    started = time.perf_counter()
    response = client.get(path)
    cold = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    warm = []
    for _ in range(10):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        warm.append(time.perf_counter() - started)
    return {
        "start_up_s": start_up,
        "cold_s": cold,
        "warm_s": statistics.median(warm),
        "warm_max_s": max(warm),
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_board_pack(url: str) -> dict[str, object]:
    from sqlalchemy import func, select

    from surveyapp.database import session_scope
    from surveyapp.models import Wave

    app = app_for(url)
    if "report" not in app.cli.commands:
        return {"available": False}
    with session_scope(app) as session:
        wave_id = session.scalar(select(func.max(Wave.id)))
    folder = tempfile.mkdtemp(prefix="surveyapp-scale-report-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = Path(folder) / "pack"
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(
        args=["report", "build", "--wave", str(wave_id), "--unit", "root", "--out", str(out)]
    )
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        return {"available": True, "error": result.output[-300:]}
    return {"available": True, "build_s": elapsed, "peak_rss_mb": peak_rss_mb()}


def phase_export(url: str, folder: str) -> dict[str, object]:
    """The same answers as CSV files, one per wave (not timed: the comparison starts after).

    One row per answer, as the plaintext answer table held them before responses were sealed:
    what pandas was compared with then, so the figures compare."""
    from sqlalchemy import select

    from surveyapp.database import session_scope
    from surveyapp.domain.sealed import RESPONSE
    from surveyapp.models import Wave
    from surveyapp.runtime import runtime
    from surveyapp.services.sealed import aad, read_records, stored_layout

    app = app_for(url)
    cipher = runtime(app).answer_cipher
    with session_scope(app) as session:
        wave_ids = list(session.scalars(select(Wave.id).order_by(Wave.id)))
        for wave_id in wave_ids:
            layout = stored_layout(session, wave_id)
            assert layout is not None
            records = read_records(session, RESPONSE, wave_id)
            with open(Path(folder) / f"wave-{wave_id}.csv", "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["unit_id", "question_key", "value"])
                for plaintext in cipher.open_all(records, aad(RESPONSE, wave_id, layout)):
                    response = layout.decode(plaintext)
                    writer.writerows(
                        (response.unit_id, key, value) for key, value in response.answers.items()
                    )
    return {"waves": len(wave_ids)}


def phase_pandas(folder: str) -> dict[str, object]:
    import pandas as pd

    timings = []
    for path in sorted(Path(folder).glob("wave-*.csv"), key=lambda p: int(p.stem[5:])):
        started = time.perf_counter()
        frame = pd.read_csv(
            path, dtype={"unit_id": "int32", "question_key": "category", "value": "category"}
        )
        frame.groupby(["unit_id", "question_key", "value"], observed=True).size()
        timings.append(time.perf_counter() - started)
        del frame
    return {"pandas_s": timings, "peak_rss_mb": peak_rss_mb()}


PHASES = {
    "generate": phase_generate,
    "plans": phase_plans,
    "dashboard": phase_dashboard,
    "board_pack": phase_board_pack,
    "export": phase_export,
    "pandas": phase_pandas,
}


def run_phase(name: str, *arguments: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--phase", name, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"phase {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench(kind: str, scale: str) -> str:
    started = time.monotonic()
    folder = tempfile.mkdtemp(prefix="surveyapp-scale-export-")
    try:
        with database(kind) as url:
            generated = run_phase("generate", url, scale)
            plans = run_phase("plans", url)
            dashboard = run_phase("dashboard", url)
            board = run_phase("board_pack", url)
            run_phase("export", url, folder)
            pandas = run_phase("pandas", folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    plan_total = sum(plans["plan_s"])
    gather_total, pandas_total = sum(plans["gather_s"]), sum(pandas["pandas_s"])
    counts_total, sealed_total = sum(plans["counts_s"]), sum(plans["sealed_s"])
    rss = {"plans": plans["peak_rss_mb"], "dashboard": dashboard["peak_rss_mb"]}
    if board.get("build_s"):
        rss["board pack"] = board["peak_rss_mb"]
    lines = [
        f"{kind}, {scale}: {generated['responses']:,} responses in {WAVES} waves,"
        f" {generated['units']:,} teams ({generated['generate_s']:.0f} s to generate,"
        f" bulk path; peak RSS {generated['peak_rss_mb']:.0f} MB)",
        f"  plans: {plan_total:.1f} s for all {WAVES} waves (per wave: median"
        f" {statistics.median(plans['plan_s']):.2f} s, max {max(plans['plan_s']):.2f} s)",
        f"  dashboard (root, last wave): cold {dashboard['cold_s'] * 1000:.0f} ms (a worker's"
        f" first request, after its start-up: templates, chart engine"
        f" {dashboard['start_up_s'] * 1000:.0f} ms),"
        f" warm {dashboard['warm_s'] * 1000:.0f} ms (max {dashboard['warm_max_s'] * 1000:.0f})",
    ]
    if not board["available"]:
        lines.append("  board pack: no `surveyapp report` command in this build")
    elif "error" in board:
        lines.append(f"  board pack: failed: {board['error']}")
    else:
        lines.append(f"  board pack (HTML, PDF, CSV): {board['build_s']:.1f} s")
    lines.append(
        f"  aggregation, all {WAVES} waves: counting answers from the sealed records (read,"
        f" open, bincount) {sealed_total:.2f} s vs pandas load + groupby {pandas_total:.2f} s"
        f" ({pandas_total / sealed_total:.1f}x; pandas peak RSS {pandas['peak_rss_mb']:.0f} MB);"
        f" as the dicts a plan is fed (answer_counts) {counts_total:.2f} s; every count a plan"
        f" needs (gather_input: answers, responses, bands, comments, supervision by role)"
        f" {gather_total:.2f} s"
    )
    lines.append("  peak RSS: " + ", ".join(f"{k} {v:.0f} MB" for k, v in rss.items()))
    goals = []
    if scale == "council":
        ok = dashboard["warm_s"] <= 0.2
        goals.append(f"dashboard <= 200 ms warm: {'met' if ok else 'MISSED'}")
    if scale == "national":
        ok = dashboard["cold_s"] <= 1
        goals.append(f"dashboard <= 1 s cold: {'met' if ok else 'MISSED'}")
    if scale == "national" and kind == "postgres":
        goals.append(f"all plans <= 10 s: {'met' if plan_total <= 10 else 'MISSED'}")
    goals.append(
        "counting from sealed records >= 3x faster than pandas: "
        + ("met" if 3 * sealed_total <= pandas_total else "MISSED")
    )
    goals.append("peak RSS <= 300 MB: " + ("met" if max(rss.values()) <= 300 else "MISSED"))
    lines.append("  goals: " + "; ".join(goals))
    lines.append(f"  ({time.monotonic() - started:.0f} s for this run)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["council", "national", "both"], default="both")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](*rest)))
        return
    scales = ["council", "national"] if args.scale == "both" else [args.scale]
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for scale in scales:
        for kind in kinds:
            print(bench(kind, scale), flush=True)
    print(f"cores: {os.cpu_count()}")
    print(
        f"Reproduce: .venv/bin/python benchmarks/scale.py --scale {args.scale}"
        f" --database {args.database}"
    )


if __name__ == "__main__":
    main()
