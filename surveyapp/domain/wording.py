"""Messages the domain gives a reader, in English and ready to be shown in another language.

The domain knows no Flask and no catalogue, but its messages reach pages (a refused answer, a
file's problem). ``words`` gives an English string, equal to the message as before, that also
carries its catalogue key (``msgid``, with ``%(name)s`` placeholders) and the values to put in
it, so the page shows it in the reader's language (``languages.translated``). ``pybabel extract``
finds each ``words("...")`` (babel.cfg).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType


class Words(str):
    """An English message that remembers its catalogue key and values."""

    msgid: str
    values: Mapping[str, object]

    def __new__(cls, msgid: str, values: Mapping[str, object]) -> Words:
        made = super().__new__(cls, msgid % values if values else msgid)
        made.msgid = msgid
        made.values = MappingProxyType(dict(values))
        return made

    def __reduce__(self) -> tuple[type[Words], tuple[str, dict[str, object]]]:
        """Copied and pickled as what it is (a plan or a result may be deep-copied)."""
        return (Words, (self.msgid, dict(self.values)))


def words(msgid: str, **values: object) -> Words:
    return Words(msgid, values)


MONTHS = (
    words("January"),
    words("February"),
    words("March"),
    words("April"),
    words("May"),
    words("June"),
    words("July"),
    words("August"),
    words("September"),
    words("October"),
    words("November"),
    words("December"),
)


def month_name(month: int) -> Words:
    """A month's name (1 is January), to be shown in the reader's language."""
    return MONTHS[month - 1]


SHORT_MONTHS = (
    words("Jan"),
    words("Feb"),
    words("Mar"),
    words("Apr"),
    words("May"),
    words("Jun"),
    words("Jul"),
    words("Aug"),
    words("Sep"),
    words("Oct"),
    words("Nov"),
    words("Dec"),
)
"""A month's short name, as a table's dates show it ("1 Dec 2026")."""

WEEKDAYS = (
    words("Monday"),
    words("Tuesday"),
    words("Wednesday"),
    words("Thursday"),
    words("Friday"),
    words("Saturday"),
    words("Sunday"),
)


def day_words(day: dt.date) -> Words:
    """A date in a message, "1 December 2026", to be shown in the reader's language."""
    return words(
        "%(day)s %(month)s %(year)s", day=day.day, month=month_name(day.month), year=day.year
    )


def weekday_words(day: dt.date) -> Words:
    """A date with its weekday, "Tuesday 1 December 2026", in the reader's language."""
    return words("%(weekday)s %(date)s", weekday=WEEKDAYS[day.weekday()], date=day_words(day))
