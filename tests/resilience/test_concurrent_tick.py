"""``surveyapp tick`` run by two processes at the same moment (as by two app servers' timers)
against one database: each due wave is closed once, each planned wave opened once, each pulse's
wave made once and each due reminder sent once; SQLite and PostgreSQL.

Both processes build the app first, then wait on their standard input; the test releases them
together, so their ticks run at the same time (the slow part, starting Python and building the
app, is behind them).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.pulses import Cadence, Period
from surveyapp.models import AuditEntry, Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.pulses import create_schedule
from surveyapp.services.reminders import add_date, keep_list
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import create_wave, open_wave
from tests.admin.support import COUNCIL
from tests.conftest import make_app
from tests.resilience.server import ROOT, app_environment

ROUNDS = 3
TICK_AT_THE_SIGNAL = """
import sys
from surveyapp import create_app
runner = create_app().test_cli_runner()
print("ready", flush=True)
sys.stdin.readline()
result = runner.invoke(args=["tick"], catch_exceptions=False)
print(result.output, end="", flush=True)
sys.exit(result.exit_code)
"""


def prepare_round(app: Flask, number: int) -> dict[str, int]:
    """A wave past its closing date, a wave planned for today, a pulse due today, and an open
    wave with a reminder due (in development the mailer prints each message)."""
    today = dt.date.today()
    with app.app_context(), session_scope(app) as session:
        if unit_by_key(session, "org") is None:
            import_units_csv(session, COUNCIL)
        bank = runtime(app).banks["social-work-pulse"]
        team = unit_by_key(session, ("team-a", "team-b", "team-c")[number])
        service = unit_by_key(session, ("svc", "care", "org")[number])
        assert team is not None and service is not None
        ending = create_wave(session, bank, team, f"Ending {number}", today)
        open_wave(session, ending, 5, 10, today)
        ending.opens_on = ending.closes_on = today - dt.timedelta(days=1)
        planned = create_wave(session, bank, service, f"Planned {number}", today, today)
        cadence = Cadence(today, 1, Period.MONTHS, 7)
        schedule = create_schedule(
            session, bank, team, f"Pulse {number}.{{number}}", cadence, today
        )
        reminded = create_wave(
            session, bank, service, f"Reminded {number}", today + dt.timedelta(9)
        )
        open_wave(session, reminded, 5, 10, today)
        keep_list(session, runtime(app).address_cipher, reminded, service, addresses(number), "t")
        due = add_date(session, reminded, service, today, today, "t")
        due.send_on = today - dt.timedelta(days=1)  # due whatever the hour the test runs
        session.flush()
        return {
            "ending": ending.id,
            "planned": planned.id,
            "schedule": schedule.id,
            "reminded": reminded.id,
        }


def addresses(number: int) -> list[str]:
    return [f"person-{number}-{n}@example.org" for n in range(3)]


def tick_twice_at_once(database_url: str) -> list[tuple[int, str]]:
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", TICK_AT_THE_SIGNAL],
            cwd=ROOT,
            env=app_environment(database_url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            ready: list[str] = []
            reader = threading.Thread(
                target=lambda out=process.stdout, got=ready: got.append(out.readline())
            )
            reader.start()
            reader.join(timeout=120)
            assert ready == ["ready\n"], "the tick process did not start"
        for process in processes:  # both at once: each is waiting on this line
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            results.append((process.returncode, out + err))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def test_two_ticks_at_once_do_each_thing_once(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path)
    try:
        for number in range(ROUNDS):
            ids = prepare_round(app, number)
            results = tick_twice_at_once(database_url)
            assert [code for code, _ in results] == [0, 0], results
            said = "".join(output for _, output in results)
            assert said.count(f"Closed wave {ids['ending']} ") == 1, said
            assert said.count(f"Opened wave {ids['planned']} ") == 1, said
            assert said.count(f"of schedule {ids['schedule']}.") == 1, said
            for address in addresses(number):
                assert said.count(f"To: {address}") == 1, said
            assert said.count(f"in wave {ids['reminded']}: 3 sent, 0 not sent (sent).") == 1
            with app.app_context(), session_scope(app) as session:
                states = {
                    w.id: w.state
                    for w in session.scalars(select(Wave).where(Wave.id.in_(ids.values())))
                }
                assert states[ids["ending"]] is WaveState.CLOSED
                assert states[ids["planned"]] is WaveState.OPEN
                made = session.scalar(
                    select(func.count())
                    .select_from(Wave)
                    .where(Wave.schedule_id == ids["schedule"])
                )
                assert made == 1
                actions = Counter(
                    (e.action, e.wave_id)
                    for e in session.scalars(
                        select(AuditEntry).where(AuditEntry.actor == "surveyapp tick")
                    )
                )
                assert actions[("wave.close", ids["ending"])] == 1
                assert actions[("wave.open", ids["planned"])] == 1
                assert actions[("reminders.sent", ids["reminded"])] == 1
                assert (
                    sum(n for (action, _), n in actions.items() if action == "pulse.open")
                    == number + 1
                )
    finally:
        get_engine(app).dispose()
