"""Workforce figures entered per wave and unit (FTE, turnover, agency, vacancy, caseload,
sickness absence), read back as labelled rows for reports and the board view."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.wording import words
from surveyapp.models import Unit, Wave, WorkforceFigures

FIELDS = {
    "fte_in_post": (words("FTE social workers in post"), ""),
    "turnover_percent": (words("Turnover"), "%"),
    "agency_percent": (words("Agency workers"), "%"),
    "vacancy_percent": (words("Vacancy rate"), "%"),
    "average_caseload": (words("Average caseload per case-holding FTE"), ""),
    "sickness_absence_percent": (words("Sickness absence"), "%"),
}


def set_figures(
    session: Session, wave: Wave, unit: Unit, values: dict[str, Decimal | None]
) -> WorkforceFigures:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown figure(s): {', '.join(sorted(unknown))}")
    row = session.get(WorkforceFigures, (wave.id, unit.id))
    if row is None:
        row = WorkforceFigures(wave_id=wave.id, unit_id=unit.id)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return row


def figures_for_wave(
    session: Session, wave: Wave, unit_ids: Collection[int] | None = None
) -> list[tuple[str, str, str]]:
    """(unit name, label, value as text) for every figure entered for the wave, or only for
    the units in ``unit_ids`` when given."""
    query = (
        select(Unit.name, WorkforceFigures)
        .join(WorkforceFigures, WorkforceFigures.unit_id == Unit.id)
        .where(WorkforceFigures.wave_id == wave.id)
        .order_by(Unit.name)
    )
    if unit_ids is not None:
        query = query.where(WorkforceFigures.unit_id.in_(sorted(unit_ids)))
    rows = session.execute(query)
    found: list[tuple[str, str, str]] = []
    for unit_name, figures in rows:
        for name, (label, suffix) in FIELDS.items():
            value = getattr(figures, name)
            if value is not None:
                found.append((unit_name, label, f"{value.normalize():f}{suffix}"))
    return found
