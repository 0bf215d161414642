"""The life of a wave: draft (planned, or not yet), open (thresholds and membership frozen),
closed. A closed wave never opens again: see ``CANNOT_REOPEN``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure.thresholds import MINIMUM_K
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.domain.wording import day_words, words
from surveyapp.models import Unit, Wave, WaveState, WaveUnit

from .entry_nonces import drop_unfinished_entries
from .reminders import forget_wave
from .sealed import reseal_in_random_order
from .staff_pages import create_staff_pages
from .units import subtree

CANNOT_REOPEN = words(
    "A closed wave cannot be opened again: its thresholds and its units were fixed when it "
    "opened, and its results may have been published, so more answers would change what "
    "people have already read. To ask again, create a new wave."
)


class WaveError(ValueError):
    """A wave operation that is not allowed; ``field`` names the form field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message  # the domain's ``Words``, to show in the reader's language
        self.field = field


def _follows_an_earlier_wave(session: Session, wave: Wave) -> bool:
    """Whether a wave of the same bank has opened before with this wave's root unit in it."""
    earlier = (
        select(WaveUnit.wave_id)
        .join(Wave, Wave.id == WaveUnit.wave_id)
        .where(
            Wave.id != wave.id,
            Wave.bank_key == wave.bank_key,
            Wave.state != WaveState.DRAFT,
            WaveUnit.unit_id == wave.root_unit_id,
        )
    )
    return bool(session.scalar(select(exists(earlier))))


def create_wave(
    session: Session,
    bank: Bank,
    root: Unit,
    name: str,
    closes_on: dt.date | None = None,
    opens_on: dt.date | None = None,
) -> Wave:
    """A draft wave; with ``opens_on`` it is planned, and ``surveyapp tick`` opens it then."""
    if closes_on is not None and opens_on is not None and closes_on < opens_on:
        raise WaveError(
            words("The closing date must be the same as or after the opening date"), "closes_on"
        )
    wave = Wave(
        name=name,
        bank_key=bank.key,
        bank_version=bank.version,
        root_unit=root,
        state=WaveState.DRAFT,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    session.add(wave)
    session.flush()
    return wave


def open_wave(
    session: Session,
    wave: Wave,
    min_group_size: int,
    min_comment_group_size: int,
    today: dt.date,
) -> None:
    """Freeze the thresholds and the unit tree as they are now; results are computed on them."""
    if wave.state is WaveState.OPEN:
        raise WaveError(words("%(name)s is already open", name=wave.name))
    if wave.state is WaveState.CLOSED:
        raise WaveError(CANNOT_REOPEN)
    if min_group_size < MINIMUM_K:
        raise WaveError(words("the minimum group size cannot be below %(k)s", k=MINIMUM_K))
    if wave.closes_on is not None and wave.closes_on < today:
        raise WaveError(
            words(
                "%(name)s would close (%(closes)s) before it opens (%(today)s): change its "
                "closing date or create a new wave",
                name=wave.name,
                closes=day_words(wave.closes_on),
                today=day_words(today),
            )
        )
    wave.min_group_size = min_group_size
    wave.min_comment_group_size = max(min_comment_group_size, min_group_size)
    wave.asks_follow_up = _follows_an_earlier_wave(session, wave)
    wave.opens_on = today
    wave.state = WaveState.OPEN
    for unit in subtree(session, wave.root_unit):
        if unit.is_active:
            session.add(
                WaveUnit(
                    wave_id=wave.id,
                    unit_id=unit.id,
                    name=unit.name,
                    parent_unit_id=None if unit is wave.root_unit else unit.parent_id,
                    headcount=unit.headcount,
                )
            )
    session.flush()
    create_staff_pages(session, wave)


def close_wave(session: Session, wave: Wave, today: dt.date, cipher: AnswerCipher | None) -> None:
    """Close the wave; entries opened and never sent are forgotten, since none can be sent now,
    and so are the address lists kept for its reminders.

    Its sealed records are rewritten in random order (``sealed.shuffle``), so that nothing in
    storage keeps the order in which they were sent; ``cipher`` opens them (None only for a wave
    nobody answered).
    """
    if wave.state is WaveState.DRAFT:
        raise WaveError(
            words("%(name)s has not opened, so there is nothing to close", name=wave.name)
        )
    if wave.state is WaveState.CLOSED:
        raise WaveError(words("%(name)s has already closed", name=wave.name))
    wave.state = WaveState.CLOSED
    wave.closes_on = today if wave.closes_on is None or wave.closes_on > today else wave.closes_on
    drop_unfinished_entries(session, wave.id)
    forget_wave(session, wave.id)
    reseal_in_random_order(session, wave.id, cipher)
    session.flush()
