"""What ``surveyapp tick`` does, on both databases: planned waves open on their day, waves past
their closing date close, each pulse's wave is made once; a second run does nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.pulses import Cadence, Period
from surveyapp.models import AuditEntry, Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.pulses import PulseError, create_schedule, next_opening, stop_schedule
from surveyapp.services.scheduling import run_tick
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import WaveError, close_wave, create_wave, open_wave
from tests.factories import SMALL_COUNCIL
from tests.support.sealed import TEST_CIPHER

MONDAY = dt.date(2027, 1, 4)


def tick(session: Session, app: Flask, today: dt.date) -> list[str]:
    return run_tick(session, runtime(app).banks, 5, 10, today, TEST_CIPHER).lines()


@pytest.fixture
def council(session: Session, app: Flask) -> dict[str, object]:
    import_units_csv(session, SMALL_COUNCIL)
    return {"org": unit_by_key(session, "org"), "bank": runtime(app).banks["social-work-pulse"]}


def test_a_planned_wave_opens_on_its_day_and_closes_after_its_last(
    session: Session, app: Flask, council: dict
) -> None:
    wave = create_wave(
        session, council["bank"], council["org"], "Winter", MONDAY + dt.timedelta(6), MONDAY
    )
    assert tick(session, app, MONDAY - dt.timedelta(1)) == ["Nothing was due."]
    assert wave.state is WaveState.DRAFT
    assert tick(session, app, MONDAY) == [f"Opened wave {wave.id} (Winter)."]
    assert wave.state is WaveState.OPEN and wave.min_group_size == 5 and wave.members
    assert tick(session, app, MONDAY + dt.timedelta(6)) == ["Nothing was due."]
    assert tick(session, app, MONDAY + dt.timedelta(7)) == [f"Closed wave {wave.id} (Winter)."]
    assert wave.state is WaveState.CLOSED
    assert tick(session, app, MONDAY + dt.timedelta(8)) == ["Nothing was due."]
    actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))]
    assert actions == ["wave.open", "wave.close"]


def test_a_planned_wave_whose_days_have_passed_stays_a_draft(
    session: Session, app: Flask, council: dict
) -> None:
    wave = create_wave(
        session, council["bank"], council["org"], "Missed", MONDAY + dt.timedelta(2), MONDAY
    )
    assert tick(session, app, MONDAY + dt.timedelta(3)) == ["Nothing was due."]
    assert wave.state is WaveState.DRAFT


def test_a_closing_date_before_the_opening_date_is_refused(session: Session, council: dict) -> None:
    with pytest.raises(WaveError, match="closing date must be the same as or after") as refused:
        create_wave(
            session, council["bank"], council["org"], "Backwards", MONDAY, MONDAY + dt.timedelta(1)
        )
    assert refused.value.field == "closes_on"


def test_a_closed_wave_cannot_be_opened_again_and_says_why(session: Session, council: dict) -> None:
    wave = create_wave(session, council["bank"], council["org"], "Once", MONDAY + dt.timedelta(9))
    open_wave(session, wave, 5, 10, MONDAY)
    with pytest.raises(WaveError, match="already open"):
        open_wave(session, wave, 5, 10, MONDAY)
    close_wave(session, wave, MONDAY + dt.timedelta(1), TEST_CIPHER)
    assert wave.closes_on == MONDAY + dt.timedelta(1)
    with pytest.raises(WaveError, match="results may have been published"):
        open_wave(session, wave, 5, 10, MONDAY + dt.timedelta(2))
    with pytest.raises(WaveError, match="already closed"):
        close_wave(session, wave, MONDAY + dt.timedelta(2), TEST_CIPHER)


def test_a_pulse_schedule_makes_each_wave_once(session: Session, app: Flask, council: dict) -> None:
    cadence = Cadence(MONDAY, 2, Period.WEEKS, 5)
    schedule = create_schedule(
        session, council["bank"], council["org"], "Pulse {number}: {date}", cadence, MONDAY
    )
    assert next_opening(session, schedule, MONDAY) == MONDAY  # due: the next tick makes it
    assert tick(session, app, MONDAY) == [
        f"Opened wave 1 (Pulse 1: 4 January 2027), pulse 1 of schedule {schedule.id}."
    ]
    assert tick(session, app, MONDAY) == ["Nothing was due."]
    assert next_opening(session, schedule, MONDAY) == MONDAY + dt.timedelta(14)
    lines = tick(session, app, MONDAY + dt.timedelta(14))
    assert lines == [
        "Closed wave 1 (Pulse 1: 4 January 2027).",
        f"Opened wave 2 (Pulse 2: 18 January 2027), pulse 2 of schedule {schedule.id}.",
    ]
    waves = list(session.scalars(select(Wave).order_by(Wave.id)))
    assert [(w.schedule_number, w.opens_on, w.closes_on) for w in waves] == [
        (1, MONDAY, MONDAY + dt.timedelta(4)),
        (2, MONDAY + dt.timedelta(14), MONDAY + dt.timedelta(18)),
    ]
    # the scheduler did not run for a month: only the wave due now is made, on its own dates
    lines = tick(session, app, MONDAY + dt.timedelta(57))
    assert lines[-1].endswith(f"pulse 5 of schedule {schedule.id}.")
    stop_schedule(session, schedule)
    assert tick(session, app, MONDAY + dt.timedelta(70)) == [
        "Closed wave 3 (Pulse 5: 1 March 2027)."
    ]
    assert next_opening(session, schedule, MONDAY) is None


@pytest.mark.parametrize(
    ("cadence", "field", "words"),
    [
        (Cadence(MONDAY, 1, Period.WEEKS, 10), "open_days", "would overlap the next"),
        (
            Cadence(MONDAY - dt.timedelta(1), 1, Period.MONTHS, 5),
            "first_opens_on",
            "today or in the future",
        ),
        (
            Cadence(MONDAY + dt.timedelta(3), 1, Period.MONTHS, 5),
            "first_opens_on",
            "Winter is open or planned",
        ),
    ],
)
def test_a_schedule_that_would_overlap_is_refused_with_the_reason(
    session: Session, council: dict, cadence: Cadence, field: str, words: str
) -> None:
    wave = create_wave(session, council["bank"], council["org"], "Winter", MONDAY + dt.timedelta(6))
    open_wave(session, wave, 5, 10, MONDAY)
    with pytest.raises(PulseError, match=words) as refused:
        create_schedule(session, council["bank"], council["org"], "Pulse {month}", cadence, MONDAY)
    assert refused.value.field == field


def test_one_running_schedule_per_unit(session: Session, council: dict) -> None:
    cadence = Cadence(MONDAY, 1, Period.MONTHS, 7)
    create_schedule(session, council["bank"], council["org"], "Pulse {month}", cadence, MONDAY)
    with pytest.raises(PulseError, match="already has a recurring pulse"):
        create_schedule(session, council["bank"], council["org"], "Again {month}", cadence, MONDAY)
