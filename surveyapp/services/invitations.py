"""Issue invitations and team links. Plain tokens are returned once and never stored.

Issuing for a unit too small to have results of its own says so (``pooling_notice``): whoever
hands out the slips can tell the team that its answers are only ever read together with others.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveyapp.domain.entry_limits import team_link_response_cap
from surveyapp.domain.tokens import new_token, token_hash
from surveyapp.domain.wording import Words, words
from surveyapp.models import Invitation, TeamLink, Unit, Wave, WaveState, WaveUnit

from .entry_nonces import drop_unfinished_entries

MAX_BATCH = 5000


class InvitationError(ValueError):
    """Invitations cannot be issued as asked; the message says why."""


def _check_member(session: Session, wave: Wave, unit: Unit) -> WaveUnit:
    if wave.state is not WaveState.OPEN:
        raise InvitationError(
            words("wave %(wave)s is closed: invitations are issued for open waves", wave=wave.id)
            if wave.state is WaveState.CLOSED
            else words(
                "wave %(wave)s is draft: invitations are issued for open waves", wave=wave.id
            )
        )
    member = session.get(WaveUnit, (wave.id, unit.id))
    if member is None:
        raise InvitationError(
            words("unit %(unit)s is not part of wave %(wave)s", unit=unit.key, wave=wave.id)
        )
    return member


def issue_invitations(
    session: Session, wave: Wave, unit: Unit, count: int, pepper: str
) -> list[str]:
    """Create ``count`` single-use invitations for people in ``unit``; return their tokens."""
    if not 1 <= count <= MAX_BATCH:
        raise InvitationError(words("count must be between 1 and %(max)s", max=MAX_BATCH))
    _check_member(session, wave, unit)
    tokens = [new_token() for _ in range(count)]
    session.add_all(
        Invitation(token_hash=token_hash(pepper, t), wave_id=wave.id, unit_id=unit.id)
        for t in tokens
    )
    session.flush()
    return tokens


def pooling_notice(session: Session, wave: Wave, unit: Unit) -> Words | None:
    """For a unit whose headcount (its own and its sub-units', frozen when the wave opened) is
    below the wave's ``k``: how its answers will be published, which is only with others'."""
    members = {
        m.unit_id: m for m in session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave.id))
    }
    k = wave.min_group_size or 0
    member = members.get(unit.id)
    if member is None:
        return None
    below: dict[int | None, list[int]] = {}
    for other in members.values():
        below.setdefault(other.parent_unit_id, []).append(other.unit_id)
    headcount, stack = 0, [unit.id]
    while stack:
        current = stack.pop()
        headcount += members[current].headcount
        stack.extend(below.get(current, []))
    if headcount >= k:
        return None
    parent = members.get(member.parent_unit_id) if member.parent_unit_id is not None else None
    if parent is None:
        return words(
            "%(unit)s has a headcount of %(headcount)s, below this wave's minimum group size of "
            "%(k)s. Results are only shown for groups of at least %(k)s people who answered, so "
            "no result of this wave may be shown at all.",
            unit=member.name,
            headcount=headcount,
            k=k,
        )
    return words(
        "%(unit)s has a headcount of %(headcount)s, below this wave's minimum group size of "
        "%(k)s. Results are only shown for groups of at least %(k)s people who answered, so "
        "%(unit)s's answers will only ever be published pooled with other people's: in the "
        "results of %(parent)s (and of the units above it), and, where small teams in %(parent)s "
        'reach %(k)s together, in an "other teams in %(parent)s" cell. No result is shown for '
        "%(unit)s on its own. To give it results of its own, join it to another team in the unit "
        "file before the next wave.",
        unit=member.name,
        headcount=headcount,
        k=k,
        parent=parent.name,
    )


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
