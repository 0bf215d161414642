"""Messages the domain gives a reader, in English and ready to be shown in another language.

The domain knows no Flask and no catalogue, but its messages reach pages (a refused answer, a
file's problem). ``words`` gives an English string, equal to the message as before, that also
carries its catalogue key (``msgid``, with ``%(name)s`` placeholders) and the values to put in
it, so the page shows it in the reader's language (``languages.translated``). ``pybabel extract``
finds each ``words("...")`` (babel.cfg).
"""

from __future__ import annotations

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
