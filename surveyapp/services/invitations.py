"""Issue invitations and team links. Plain tokens are returned once and never stored."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveyapp.domain.entry_limits import team_link_response_cap
from surveyapp.domain.tokens import new_token, token_hash
from surveyapp.models import Invitation, TeamLink, Unit, Wave, WaveState, WaveUnit

from .entry_nonces import drop_unfinished_entries

MAX_BATCH = 5000


class InvitationError(ValueError):
    """Invitations cannot be issued as asked; the message says why."""


def _check_member(session: Session, wave: Wave, unit: Unit) -> WaveUnit:
    if wave.state is not WaveState.OPEN:
        raise InvitationError(
            f"wave {wave.id} is {wave.state}: invitations are issued for open waves"
        )
    member = session.get(WaveUnit, (wave.id, unit.id))
    if member is None:
        raise InvitationError(f"unit {unit.key} is not part of wave {wave.id}")
    return member


def issue_invitations(
    session: Session, wave: Wave, unit: Unit, count: int, pepper: str
) -> list[str]:
    """Create ``count`` single-use invitations for people in ``unit``; return their tokens."""
    if not 1 <= count <= MAX_BATCH:
        raise InvitationError(f"count must be between 1 and {MAX_BATCH}")
    _check_member(session, wave, unit)
    tokens = [new_token() for _ in range(count)]
    session.add_all(
        Invitation(token_hash=token_hash(pepper, t), wave_id=wave.id, unit_id=unit.id)
        for t in tokens
    )
    session.flush()
    return tokens


def issue_team_link(session: Session, wave: Wave, unit: Unit, pepper: str) -> str:
    """A new open link for the unit; any earlier link for the same unit and wave stops working.

    The cap belongs to the unit, not to one link: a replacement carries the earlier link's count
    over, so issuing links again cannot widen it. Entries opened through the earlier link and
    not yet sent end with it.
    """
    member = _check_member(session, wave, unit)
    where = (TeamLink.wave_id == wave.id, TeamLink.unit_id == unit.id)
    accepted = session.scalar(select(TeamLink.responses_accepted).where(*where)) or 0
    session.execute(delete(TeamLink).where(*where))
    drop_unfinished_entries(session, wave.id, unit.id, via_team_link=True)
    token = new_token()
    session.add(
        TeamLink(
            token_hash=token_hash(pepper, token),
            wave_id=wave.id,
            unit_id=unit.id,
            response_cap=team_link_response_cap(member.headcount),
            responses_accepted=accepted,
        )
    )
    session.flush()
    return token
