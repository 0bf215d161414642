"""Recurring pulses: schedules that create and open a wave every N weeks or months.

``create_schedule`` refuses a schedule whose waves would overlap each other, or whose first
wave would overlap a wave already planned or open for the same unit. ``create_due_pulses``
(run by ``surveyapp tick``) makes each schedule's wave once, even with two schedulers at once:
the schedule row is locked (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite lets one writer
in at a time) and a wave is unique by (schedule, number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.pulses import Cadence, Period, name_problem, wave_name
from surveyapp.domain.wording import day_words, words
from surveyapp.models import PulseSchedule, Unit, Wave, WaveState

from .waves import create_wave, open_wave


class PulseError(ValueError):
    """A schedule that cannot run; ``field`` names the form field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message  # the domain's ``Words``, to show in the reader's language
        self.field = field


@dataclass(frozen=True)
class MadePulse:
    schedule: PulseSchedule
    wave: Wave


def cadence_of(schedule: PulseSchedule) -> Cadence:
    return Cadence(schedule.first_opens_on, schedule.every, schedule.period, schedule.open_days)


def _overlapping_wave(
    session: Session, root: Unit, opens_on: dt.date, closes_on: dt.date
) -> Wave | None:
    """A wave for ``root`` that is open or planned during those days, if any."""
    query = select(Wave).where(
        Wave.root_unit_id == root.id,
        Wave.state != WaveState.CLOSED,
        or_(Wave.opens_on.is_(None), Wave.opens_on <= closes_on),
        or_(Wave.closes_on.is_(None), Wave.closes_on >= opens_on),
    )
    return session.scalars(query.order_by(Wave.id)).first()


def create_schedule(
    session: Session,
    bank: Bank,
    root: Unit,
    name_pattern: str,
    cadence: Cadence,
    today: dt.date,
) -> PulseSchedule:
    problem = cadence.problem()
    if problem is not None:
        raise PulseError(problem[1], problem[0])
    named = name_problem(name_pattern)
    if named is not None:
        raise PulseError(named, "name_pattern")
    if cadence.first_opens_on < today:
        raise PulseError(
            words("The first opening date must be today or in the future"), "first_opens_on"
        )
    running = session.scalars(
        select(PulseSchedule).where(
            PulseSchedule.root_unit_id == root.id, PulseSchedule.is_active.is_(True)
        )
    ).first()
    if running is not None:
        raise PulseError(
            words(
                "%(unit)s already has a recurring pulse (%(pattern)s): stop it before starting "
                "another",
                unit=root.name,
                pattern=running.name_pattern,
            ),
            "root_unit",
        )
    previous = _overlapping_wave(session, root, cadence.opens_on(1), cadence.closes_on(1))
    if previous is not None:
        until = (
            words("until %(date)s", date=day_words(previous.closes_on))
            if previous.closes_on
            else words("with no end date")
        )
        raise PulseError(
            words(
                "The first pulse would be open from %(opens)s to %(closes)s, but %(wave)s is "
                "open or planned for %(unit)s %(until)s: choose a first opening date after it "
                "closes",
                opens=day_words(cadence.opens_on(1)),
                closes=day_words(cadence.closes_on(1)),
                wave=previous.name,
                unit=root.name,
                until=until,
            ),
            "first_opens_on",
        )
    schedule = PulseSchedule(
        name_pattern=name_pattern,
        bank_key=bank.key,
        root_unit=root,
        every=cadence.every,
        period=Period(cadence.period),
        open_days=cadence.open_days,
        first_opens_on=cadence.first_opens_on,
        is_active=True,
    )
    session.add(schedule)
    session.flush()
    return schedule


def stop_schedule(session: Session, schedule: PulseSchedule) -> None:
    """No more waves from it; those it made already keep their dates."""
    schedule.is_active = False
    session.flush()


def last_number(session: Session, schedule: PulseSchedule) -> int:
    found = session.scalar(
        select(func.max(Wave.schedule_number)).where(Wave.schedule_id == schedule.id)
    )
    return found or 0


def next_opening(session: Session, schedule: PulseSchedule, today: dt.date) -> dt.date | None:
    """When the schedule's next wave opens: today if one is due and not made yet (the next
    ``surveyapp tick`` makes it), None once the schedule is stopped."""
    if not schedule.is_active:
        return None
    cadence = cadence_of(schedule)
    last, due = last_number(session, schedule), cadence.due(today) or 0
    if due > last and cadence.closes_on(due) >= today:
        return today
    return cadence.opens_on(max(last, due) + 1)


def create_due_pulses(
    session: Session,
    banks: Mapping[str, Bank],
    min_group_size: int,
    min_comment_group_size: int,
    today: dt.date,
) -> list[MadePulse]:
    """Create and open each active schedule's wave due by ``today``, once.

    Only the latest wave due is made: one whose days have all passed (the scheduler did not run
    then) is skipped, and later waves keep their own dates.
    """
    made = []
    schedules = session.scalars(
        select(PulseSchedule)
        .where(PulseSchedule.is_active.is_(True))
        .order_by(PulseSchedule.id)
        .with_for_update(skip_locked=True)
    )
    for schedule in list(schedules):
        cadence = cadence_of(schedule)
        number = cadence.due(today)
        bank = banks.get(schedule.bank_key)
        if number is None or bank is None or number <= last_number(session, schedule):
            continue
        if cadence.closes_on(number) < today or not schedule.root_unit.is_active:
            continue
        opens_on = cadence.opens_on(number)
        name = wave_name(schedule.name_pattern, number, opens_on)[:200]
        try:
            with session.begin_nested():
                wave = create_wave(
                    session, bank, schedule.root_unit, name, cadence.closes_on(number)
                )
                wave.schedule_id, wave.schedule_number = schedule.id, number
                session.flush()
        except IntegrityError:
            continue  # another scheduler made this one
        open_wave(session, wave, min_group_size, min_comment_group_size, today)
        made.append(MadePulse(schedule, wave))
    return made
