"""Participation: how many responded per wave and unit. Counts of people, never answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.sealed import RESPONSE, AnswerCipher
from surveyapp.models import TeamLink

from .sealed import opened_responses, records_per_wave


def responses_per_wave(session: Session) -> dict[int, int]:
    return records_per_wave(session, RESPONSE)


def responses_per_unit(session: Session, wave_id: int, cipher: AnswerCipher) -> dict[int, int]:
    """Opened in memory to read each record's unit; only the counts leave."""
    return opened_responses(session, wave_id, cipher).per_unit()


def team_link_counts(session: Session, wave_id: int) -> dict[int, tuple[int, int]]:
    """unit id -> (responses accepted through its team link, the link's cap)."""
    rows = session.execute(
        select(TeamLink.unit_id, TeamLink.responses_accepted, TeamLink.response_cap).where(
            TeamLink.wave_id == wave_id
        )
    )
    return {unit_id: (accepted, cap) for unit_id, accepted, cap in rows}
