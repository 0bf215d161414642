"""Participation: how many responded per wave and unit. Counts of people, never answers.

An admin sees it for the units in their scope only, by the rule every results page follows
(``visibility``); the rows themselves are built in ``domain.participation``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.participation import (
    UnitParticipation,
    participation_rows,
    shown_counts,
    team_link_uses,
)
from surveyapp.domain.scope import Reader
from surveyapp.domain.sealed import RESPONSE, AnswerCipher
from surveyapp.models import TeamLink, Wave, WaveState

from .sealed import opened_responses, records_per_wave
from .visibility import visible_units, wave_members


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


@dataclass(frozen=True)
class WaveSummary:
    """A wave, with headcount and responses counted within the reader's scope."""

    wave: Wave
    headcount: int
    responses: int
    is_count_shown: bool = True

    @property
    def rate(self) -> float | None:
        return 100 * self.responses / self.headcount if self.headcount else None

    @property
    def is_below_k(self) -> bool:
        return self.responses < (self.wave.min_group_size or 0)


def wave_participation(
    session: Session, reader: Reader, wave: Wave, cipher: AnswerCipher
) -> list[UnitParticipation]:
    """The participation rows ``reader`` may see; empty if the wave is outside their scope.

    While the wave is open, whose counts the page may show is decided over the whole wave tree
    (``domain.participation.shown_counts``), so admins of different scopes see parts of one
    safe set."""
    members = wave_members(session, wave)
    visible = visible_units(session, reader, wave, members)
    if not visible:
        return []
    counts = responses_per_unit(session, wave.id, cipher)
    is_open = wave.state is WaveState.OPEN
    k = wave.min_group_size or 0
    shown = shown_counts(members, counts, k) if is_open else None
    hidden = {m.unit_id for m in members} - shown.shown if shown is not None else set()
    return participation_rows(
        members,
        visible,
        counts,
        team_link_uses(
            team_link_counts(session, wave.id), is_open=is_open, k=k, hidden_units=hidden
        ),
        shown,
    )


def waves_in_scope(session: Session, reader: Reader, cipher: AnswerCipher) -> list[WaveSummary]:
    """Waves with at least one unit in ``reader``'s scope, newest first, counted within scope:
    the total of the top rows of its participation page, shown where they all are."""
    summaries = []
    for wave in session.scalars(select(Wave).order_by(Wave.id.desc())):
        tops = [row for row in wave_participation(session, reader, wave, cipher) if row.depth == 0]
        if not tops:
            continue
        summaries.append(
            WaveSummary(
                wave=wave,
                headcount=sum(row.headcount for row in tops),
                responses=sum(row.responses for row in tops),
                is_count_shown=all(row.is_count_shown for row in tops),
            )
        )
    return summaries
