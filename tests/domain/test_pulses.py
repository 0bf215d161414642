"""Recurring pulse dates: from the wave's number alone, months that are shorter, overlap."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveyapp.domain.pulses import Cadence, Period, add_months, name_problem, wave_name

D = dt.date


def test_weekly_pulses_open_and_close_by_number() -> None:
    cadence = Cadence(D(2027, 1, 4), 2, Period.WEEKS, 5)
    assert [cadence.opens_on(n) for n in (1, 2, 3)] == [
        D(2027, 1, 4),
        D(2027, 1, 18),
        D(2027, 2, 1),
    ]
    assert cadence.closes_on(2) == D(2027, 1, 22)
    assert cadence.due(D(2027, 1, 3)) is None
    assert [cadence.due(D(2027, 1, d)) for d in (4, 17, 18, 31)] == [1, 1, 2, 2]


def test_monthly_pulses_keep_to_the_day_or_the_months_end() -> None:
    cadence = Cadence(D(2027, 1, 31), 1, Period.MONTHS, 10)
    assert [cadence.opens_on(n) for n in (1, 2, 3, 14)] == [
        D(2027, 1, 31),
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2028, 2, 29),
    ]
    assert cadence.due(D(2027, 2, 27)) == 1 and cadence.due(D(2027, 2, 28)) == 2
    assert add_months(D(2027, 11, 15), 3) == D(2028, 2, 15)


@given(
    first=st.dates(D(2026, 1, 1), D(2030, 12, 31)),
    every=st.integers(1, 12),
    period=st.sampled_from(list(Period)),
    days=st.integers(0, 2000),
)
def test_due_is_the_latest_wave_opened_by_then(
    first: dt.date, every: int, period: Period, days: int
) -> None:
    cadence = Cadence(first, every, period, 1)
    today = first + dt.timedelta(days=days)
    number = cadence.due(today)
    assert number is not None and cadence.opens_on(number) <= today < cadence.opens_on(number + 1)


@pytest.mark.parametrize(
    ("cadence", "field", "words"),
    [
        (
            Cadence(D(2027, 1, 4), 1, Period.WEEKS, 8),
            "open_days",
            "pulses every week can open 7 days apart",
        ),
        (Cadence(D(2027, 1, 31), 1, Period.MONTHS, 29), "open_days", "can open 28 days apart"),
        (Cadence(D(2027, 1, 4), 0, Period.WEEKS, 3), "every", "Repeat every 1 to 52 weeks"),
        (Cadence(D(2027, 1, 4), 13, Period.MONTHS, 3), "every", "Repeat every 1 to 12 months"),
        (Cadence(D(2027, 1, 4), 6, Period.MONTHS, 0), "open_days", "1 to 92 days"),
    ],
)
def test_a_schedule_whose_waves_would_overlap_is_refused(
    cadence: Cadence, field: str, words: str
) -> None:
    problem = cadence.problem()
    assert problem is not None and problem[0] == field and words in problem[1]


def test_the_longest_that_fits() -> None:
    assert Cadence(D(2027, 1, 4), 1, Period.WEEKS, 7).problem() is None
    assert Cadence(D(2027, 1, 31), 1, Period.MONTHS, 28).problem() is None
    assert Cadence(D(2027, 1, 1), 3, Period.MONTHS, 89).problem() is None  # Jan-Apr is 90 days


def test_wave_names_from_a_pattern() -> None:
    assert wave_name("Pulse {number}: {month}", 3, D(2027, 3, 1)) == "Pulse 3: March 2027"
    assert wave_name("Weekly check {date}", 1, D(2027, 3, 8)) == "Weekly check 8 March 2027"
    assert name_problem("Pulse {month}") is None and name_problem("Pulse") is None
    assert "{year} cannot be in a name" in (name_problem("Pulse {year}") or "")
    assert name_problem("Pulse {month:>5}") is not None
    assert "Use { and } only" in (name_problem("Pulse {") or "")
