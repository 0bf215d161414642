"""Participation: how many responded per wave and unit. Counts of people, never answers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import Response


def responses_per_wave(session: Session) -> dict[int, int]:
    return dict(
        session.execute(select(Response.wave_id, func.count()).group_by(Response.wave_id)).all()
    )


def responses_per_unit(session: Session, wave_id: int) -> dict[int, int]:
    return dict(
        session.execute(
            select(Response.unit_id, func.count())
            .where(Response.wave_id == wave_id)
            .group_by(Response.unit_id)
        ).all()
    )
