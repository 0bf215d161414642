"""The life of a wave: draft, open (thresholds and membership frozen), closed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure.thresholds import MINIMUM_K
from surveyapp.models import Unit, Wave, WaveState, WaveUnit

from .entry_nonces import drop_unfinished_entries
from .staff_pages import create_staff_pages
from .units import subtree


class WaveError(ValueError):
    """A wave operation that is not allowed in the wave's current state."""


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


def close_wave(session: Session, wave: Wave, today: dt.date) -> None:
    """Close the wave; entries opened and never sent are forgotten, since none can be sent now."""
    if wave.state is not WaveState.OPEN:
        raise WaveError(f"wave {wave.id} is {wave.state}, only an open wave can be closed")
    wave.state = WaveState.CLOSED
    wave.closes_on = today if wave.closes_on is None or wave.closes_on > today else wave.closes_on
    drop_unfinished_entries(session, wave.id)
    session.flush()
