"""Participation: how many responded per wave and unit. Counts of people, never answers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import Response, TeamLink


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


def team_link_counts(session: Session, wave_id: int) -> dict[int, tuple[int, int]]:
    """unit id -> (responses accepted through its team link, the link's cap)."""
    rows = session.execute(
        select(TeamLink.unit_id, TeamLink.responses_accepted, TeamLink.response_cap).where(
            TeamLink.wave_id == wave_id
        )
    )
    return {unit_id: (accepted, cap) for unit_id, accepted, cap in rows}
