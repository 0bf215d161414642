"""Workforce figures entered for a wave, as report rows (see models.workforce)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from surveyapp.models import Wave
from surveyapp.services.workforce import figures_for_wave

from .builder import WorkforceFigure


def workforce_figures(session: Session, wave: Wave) -> list[WorkforceFigure]:
    return [
        WorkforceFigure(unit, label, value)
        for unit, label, value in figures_for_wave(session, wave)
    ]
