"""The life of a wave: draft, open (thresholds and membership frozen), closed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure.thresholds import MINIMUM_K
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.models import Unit, Wave, WaveState, WaveUnit

from .entry_nonces import drop_unfinished_entries
from .sealed import reseal_in_random_order
from .units import subtree


class WaveError(ValueError):
    """A wave operation that is not allowed in the wave's current state."""


def create_wave(
    session: Session, bank: Bank, root: Unit, name: str, closes_on: dt.date | None = None
) -> Wave:
    wave = Wave(
        name=name,
        bank_key=bank.key,
        bank_version=bank.version,
        root_unit=root,
        state=WaveState.DRAFT,
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
    if wave.state is not WaveState.DRAFT:
        raise WaveError(f"wave {wave.id} is {wave.state}, only a draft wave can be opened")
    if min_group_size < MINIMUM_K:
        raise WaveError(f"the minimum group size cannot be below {MINIMUM_K}")
    if wave.closes_on is not None and wave.closes_on < today:
        raise WaveError(f"wave {wave.id} would close ({wave.closes_on}) before it opens ({today})")
    wave.min_group_size = min_group_size
    wave.min_comment_group_size = max(min_comment_group_size, min_group_size)
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


def close_wave(session: Session, wave: Wave, today: dt.date, cipher: AnswerCipher | None) -> None:
    """Close the wave; entries opened and never sent are forgotten, since none can be sent now.

    Its sealed records are rewritten in random order (``sealed.shuffle``), so that nothing in
    storage keeps the order in which they were sent; ``cipher`` opens them (None only for a wave
    nobody answered).
    """
    if wave.state is not WaveState.OPEN:
        raise WaveError(f"wave {wave.id} is {wave.state}, only an open wave can be closed")
    wave.state = WaveState.CLOSED
    wave.closes_on = today if wave.closes_on is None or wave.closes_on > today else wave.closes_on
    drop_unfinished_entries(session, wave.id)
    reseal_in_random_order(session, wave.id, cipher)
    session.flush()
