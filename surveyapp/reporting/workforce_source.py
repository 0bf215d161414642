"""Workforce figures entered for a wave, as report rows (see models.workforce).

A report or board page about a unit shows the figures of that unit and the units below it; when
a staff member reads it, only those of the units they may see. Figures are not survey results,
so no group-size rule applies to them, but scope does: a team's viewer has no business reading
a service's turnover or sickness absence.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from surveyapp.models import Wave
from surveyapp.services.visibility import subtree_ids, wave_members
from surveyapp.services.workforce import figures_for_wave

from .builder import WorkforceFigure


def workforce_figures(
    session: Session, wave: Wave, unit_id: int, readable: Collection[int] | None = None
) -> list[WorkforceFigure]:
    """Figures for ``unit_id``'s subtree in ``wave``; ``readable``: the reader's visible units
    (None for a report built from the command line, which has no reader)."""
    units = subtree_ids(wave_members(session, wave), unit_id)
    if readable is not None:
        units &= frozenset(readable)
    return [
        WorkforceFigure(unit, label, value)
        for unit, label, value in figures_for_wave(session, wave, units)
    ]
