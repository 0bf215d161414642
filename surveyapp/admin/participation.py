"""Participation for admins: people counted per unit of a wave's frozen tree, never results.

Only units in the admin's scope subtree appear. A unit's numbers include every unit below it;
the over-headcount warning compares a unit's own responses with its own headcount, since that is
where a team link shared beyond its team shows up. A unit's team link shows what it accepted
against its cap, and is flagged when full. How many of a unit's responses came through its link
is more than the page shows otherwise, so while the wave is open that count is shown only from
the wave's minimum group size up (or when the link is full, which the admin must know).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.accounts.wave_access import visible_units, wave_members
from surveyapp.answer_keys import answer_cipher
from surveyapp.models import User, Wave, WaveState, WaveUnit
from surveyapp.services.participation import responses_per_unit, team_link_counts


@dataclass(frozen=True)
class TeamLinkUse:
    """A unit's team link: responses it accepted, against the most it accepts."""

    accepted: int
    cap: int
    is_count_shown: bool

    @property
    def is_full(self) -> bool:
        return self.accepted >= self.cap


def team_link_uses(counts: Mapping[int, tuple[int, int]], wave: Wave) -> dict[int, TeamLinkUse]:
    """Each unit's link use, with counts below the wave's ``k`` hidden while it is open."""
    is_open = wave.state is WaveState.OPEN
    k = wave.min_group_size or 0
    return {
        unit_id: TeamLinkUse(accepted, cap, not is_open or accepted >= k or accepted >= cap)
        for unit_id, (accepted, cap) in counts.items()
    }


@dataclass(frozen=True)
class UnitParticipation:
    unit_id: int
    name: str
    depth: int
    parent_name: str | None
    headcount: int
    responses: int
    own_headcount: int
    own_responses: int
    has_sub_units: bool
    team_link: TeamLinkUse | None = None

    @property
    def rate(self) -> float | None:
        """Responses per head in percent, or None when nobody is counted here."""
        return 100 * self.responses / self.headcount if self.headcount else None

    @property
    def is_over_headcount(self) -> bool:
        return self.own_responses > self.own_headcount


@dataclass(frozen=True)
class WaveSummary:
    wave: Wave
    headcount: int
    responses: int

    @property
    def rate(self) -> float | None:
        return 100 * self.responses / self.headcount if self.headcount else None


def participation_rows(
    members: Sequence[WaveUnit],
    visible: Collection[int],
    counts: Mapping[int, int],
    team_links: Mapping[int, TeamLinkUse] | None = None,
) -> list[UnitParticipation]:
    """Rows in tree order (each unit followed by the units below it, by name)."""
    shown = {m.unit_id: m for m in members if m.unit_id in visible}
    children: dict[int | None, list[WaveUnit]] = {}
    for member in shown.values():
        parent = member.parent_unit_id if member.parent_unit_id in shown else None
        children.setdefault(parent, []).append(member)
    for siblings in children.values():
        siblings.sort(key=lambda m: (m.name, m.unit_id))

    totals: dict[int, tuple[int, int]] = {}

    def total(member: WaveUnit) -> tuple[int, int]:
        headcount, responses = member.headcount, counts.get(member.unit_id, 0)
        for child in children.get(member.unit_id, []):
            child_headcount, child_responses = total(child)
            headcount, responses = headcount + child_headcount, responses + child_responses
        totals[member.unit_id] = (headcount, responses)
        return headcount, responses

    rows: list[UnitParticipation] = []

    def walk(member: WaveUnit, depth: int) -> None:
        parent = shown.get(member.parent_unit_id) if member.parent_unit_id else None
        headcount, responses = totals[member.unit_id]
        rows.append(
            UnitParticipation(
                unit_id=member.unit_id,
                name=member.name,
                depth=depth,
                parent_name=parent.name if parent else None,
                headcount=headcount,
                responses=responses,
                own_headcount=member.headcount,
                own_responses=counts.get(member.unit_id, 0),
                has_sub_units=bool(children.get(member.unit_id)),
                team_link=(team_links or {}).get(member.unit_id),
            )
        )
        for child in children.get(member.unit_id, []):
            walk(child, depth + 1)

    for top in children.get(None, []):
        total(top)
        walk(top, 0)
    return rows


def wave_participation(session: Session, user: User, wave: Wave) -> list[UnitParticipation]:
    """The participation rows ``user`` may see; empty if the wave is outside their scope."""
    members = wave_members(session, wave.id)
    visible = visible_units(session, user, wave, members)
    if not visible:
        return []
    return participation_rows(
        members,
        visible,
        responses_per_unit(session, wave.id, answer_cipher()),
        team_link_uses(team_link_counts(session, wave.id), wave),
    )


def waves_in_scope(session: Session, user: User) -> list[WaveSummary]:
    """Waves with at least one unit in ``user``'s scope, newest first, counted within scope."""
    summaries = []
    for wave in session.scalars(select(Wave).order_by(Wave.id.desc())):
        members = wave_members(session, wave.id)
        visible = visible_units(session, user, wave, members)
        if not visible:
            continue
        counts = responses_per_unit(session, wave.id, answer_cipher())
        summaries.append(
            WaveSummary(
                wave=wave,
                headcount=sum(m.headcount for m in members if m.unit_id in visible),
                responses=sum(counts.get(unit_id, 0) for unit_id in visible),
            )
        )
    return summaries
