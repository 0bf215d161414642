"""Participation: how many responded per wave and unit. Counts of people, never answers.

An admin sees it for the units in their scope only, by the rule every results page follows
(``visibility``); the rows themselves are built in ``domain.participation``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.domain.participation import UnitParticipation, participation_rows, team_link_uses
from surveyapp.domain.scope import Reader
from surveyapp.models import Response, TeamLink, Wave, WaveState

from .visibility import visible_units, wave_members


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


@dataclass(frozen=True)
class WaveSummary:
    """A wave, with headcount and responses counted within the reader's scope."""

    wave: Wave
    headcount: int
    responses: int

    @property
    def rate(self) -> float | None:
        return 100 * self.responses / self.headcount if self.headcount else None


def wave_participation(session: Session, reader: Reader, wave: Wave) -> list[UnitParticipation]:
    """The participation rows ``reader`` may see; empty if the wave is outside their scope."""
    members = wave_members(session, wave)
    visible = visible_units(session, reader, wave, members)
    if not visible:
        return []
    return participation_rows(
        members,
        visible,
        responses_per_unit(session, wave.id),
        team_link_uses(
            team_link_counts(session, wave.id),
            is_open=wave.state is WaveState.OPEN,
            k=wave.min_group_size or 0,
        ),
    )


def waves_in_scope(session: Session, reader: Reader) -> list[WaveSummary]:
    """Waves with at least one unit in ``reader``'s scope, newest first, counted within scope."""
    summaries = []
    for wave in session.scalars(select(Wave).order_by(Wave.id.desc())):
        members = wave_members(session, wave)
        visible = visible_units(session, reader, wave, members)
        if not visible:
            continue
        counts = responses_per_unit(session, wave.id)
        summaries.append(
            WaveSummary(
                wave=wave,
                headcount=sum(m.headcount for m in members if m.unit_id in visible),
                responses=sum(counts.get(unit_id, 0) for unit_id in visible),
            )
        )
    return summaries
