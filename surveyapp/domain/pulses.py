"""Recurring pulses: when each wave of a schedule opens and closes, and what it is called.

A schedule opens a wave every N weeks or months from a first date, each open for D days.
Each wave is numbered (1, 2, ...) and its dates follow from the number alone, never from the
wave before, so a late run of the scheduler does not shift later waves. A schedule whose waves
would overlap (open for longer than the shortest gap between two openings) is refused, saying
by how much.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import string
from dataclasses import dataclass

from .wording import words

MAX_EVERY = {"weeks": 52, "months": 12}
MAX_OPEN_DAYS = 92
NAME_FIELDS = {
    "number": words("the pulse's number: 1, 2, 3…"),
    "month": words("the month it opens, such as March 2027"),
    "date": words("the day it opens, such as 1 March 2027"),
}
YEARS_CHECKED = 4  # month lengths and leap years repeat well within this


class Period(enum.StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cadence:
    first_opens_on: dt.date
    every: int
    period: Period
    open_days: int

    def opens_on(self, number: int) -> dt.date:
        """The day wave ``number`` (1 is the first) opens."""
        steps = (number - 1) * self.every
        if self.period is Period.WEEKS:
            return self.first_opens_on + dt.timedelta(weeks=steps)
        return add_months(self.first_opens_on, steps)

    def closes_on(self, number: int) -> dt.date:
        """The last day wave ``number`` takes answers."""
        return self.opens_on(number) + dt.timedelta(days=self.open_days - 1)

    def due(self, today: dt.date) -> int | None:
        """The number of the latest wave due to have opened by ``today`` (None: none yet)."""
        if today < self.first_opens_on:
            return None
        if self.period is Period.WEEKS:
            return (today - self.first_opens_on).days // (7 * self.every) + 1
        months = (today.year - self.first_opens_on.year) * 12 + today.month
        number = (months - self.first_opens_on.month) // self.every + 1
        return number if self.opens_on(number) <= today else number - 1

    def shortest_gap(self) -> int:
        """The fewest days between two openings in a row."""
        count = YEARS_CHECKED * 12 // self.every + 2 if self.period is Period.MONTHS else 2
        openings = [self.opens_on(n) for n in range(1, count + 1)]
        return min(
            (later - earlier).days for earlier, later in zip(openings, openings[1:], strict=False)
        )

    def problem(self) -> tuple[str, str] | None:
        """(field, message) if the schedule cannot run, else None."""
        limit = MAX_EVERY[self.period.value]
        if not 1 <= self.every <= limit:
            message = (
                words("Repeat every 1 to %(limit)s weeks", limit=limit)
                if self.period is Period.WEEKS
                else words("Repeat every 1 to %(limit)s months", limit=limit)
            )
            return "every", message
        if not 1 <= self.open_days <= MAX_OPEN_DAYS:
            return "open_days", words(
                "Each pulse can be open for 1 to %(max)s days", max=MAX_OPEN_DAYS
            )
        gap = self.shortest_gap()
        if self.open_days > gap:
            every = {
                (Period.WEEKS, True): words("week"),
                (Period.WEEKS, False): words("%(count)s weeks", count=self.every),
                (Period.MONTHS, True): words("month"),
                (Period.MONTHS, False): words("%(count)s months", count=self.every),
            }[self.period, self.every == 1]
            return (
                "open_days",
                words(
                    "Open for %(days)s days, each pulse would overlap the next: pulses every "
                    "%(every)s can open %(gap)s days apart, so each can be open for at most "
                    "%(gap)s days",
                    days=self.open_days,
                    every=every,
                    gap=gap,
                ),
            )
        return None


def name_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot name waves, or None."""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(pattern)
        ]
    except ValueError:
        return words("Use { and } only around number, month or date, such as Pulse {month}")
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in NAME_FIELDS or spec or conversion:
            shown = "{" + name + "}"
            return words(
                "%(shown)s cannot be in a name: use {number}, {month} or {date}", shown=shown
            )
    return None


def wave_name(pattern: str, number: int, opens_on: dt.date) -> str:
    return pattern.format(
        number=number,
        month=opens_on.strftime("%B %Y"),
        date=f"{opens_on.day} {opens_on.strftime('%B %Y')}",
    )
