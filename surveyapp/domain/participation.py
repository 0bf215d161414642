"""Participation for admins: people counted per unit of a wave's frozen tree, never results.

Plain functions over the tree and the counts (``services.participation`` reads them for the
units in the admin's scope, and only those appear). A unit's numbers include every unit below
it; the over-headcount warning compares a unit's own responses with its own headcount, since
that is where a team link shared beyond its team shows up. A unit's team link shows what it
accepted against its cap, and is flagged when full.

While the wave is open, counts follow the results' rules (``domain/disclosure/participation``):
a unit's count, and the rate worked out from it, is shown only from the wave's minimum group
size ``k`` up and where no smaller group follows by subtraction; otherwise the page says "fewer
than k" (or, for a count of ``k`` or more held back to protect another, "not shown yet"). The
same rule decides for the whole wave tree, so admins of different scopes see parts of one safe
set. How many came through a unit's link is more than the page shows otherwise, so it is shown
only where the unit's count is, and from ``k`` up (or when the link is full, which the admin must
know). Once the wave has closed every count is exact.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from surveyapp.domain import scope
from surveyapp.domain.disclosure import UnitNode
from surveyapp.domain.disclosure.participation import ShownCounts, shown_while_open


class Member(scope.Member, Protocol):
    """A unit of a wave's frozen tree with its name and headcount (``WaveUnit``)."""

    @property
    def name(self) -> str: ...

    @property
    def headcount(self) -> int: ...


@dataclass(frozen=True)
class TeamLinkUse:
    """A unit's team link: responses it accepted, against the most it accepts."""

    accepted: int
    cap: int
    is_count_shown: bool

    @property
    def is_full(self) -> bool:
        return self.accepted >= self.cap


def team_link_uses(
    counts: Mapping[int, tuple[int, int]],
    *,
    is_open: bool,
    k: int,
    hidden_units: Collection[int] = (),
) -> dict[int, TeamLinkUse]:
    """Each unit's link use; while the wave is open, its count only from ``k`` up and where the
    unit's own count is shown (a link count can equal it), unless the link is full."""
    return {
        unit_id: TeamLinkUse(
            accepted,
            cap,
            not is_open or accepted >= cap or (accepted >= k and unit_id not in hidden_units),
        )
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
    is_count_shown: bool = True
    is_held_back: bool = False
    """Hidden although at least ``k``: it would give a smaller group by subtraction."""
    is_open: bool = False

    @property
    def rate(self) -> float | None:
        """Responses per head in percent, or None when nobody is counted here."""
        return 100 * self.responses / self.headcount if self.headcount else None

    @property
    def is_over_headcount(self) -> bool:
        return self.own_responses > self.own_headcount

    @property
    def is_own_count_shown(self) -> bool:
        """The warning names the unit's own count only where the page shows it anyway."""
        return self.is_count_shown and (not self.has_sub_units or not self.is_open)


def participation_rows(
    members: Sequence[Member],
    visible: Collection[int],
    counts: Mapping[int, int],
    team_links: Mapping[int, TeamLinkUse] | None = None,
    while_open: ShownCounts | None = None,
) -> list[UnitParticipation]:
    """Rows in tree order (each unit followed by the units below it, by name); ``while_open``
    is given while the wave is open and says whose counts the page may show."""
    shown = {m.unit_id: m for m in members if m.unit_id in visible}
    children: dict[int | None, list[Member]] = {}
    for member in shown.values():
        parent = member.parent_unit_id if member.parent_unit_id in shown else None
        children.setdefault(parent, []).append(member)
    for siblings in children.values():
        siblings.sort(key=lambda m: (m.name, m.unit_id))

    totals: dict[int, tuple[int, int]] = {}

    def total(member: Member) -> tuple[int, int]:
        headcount, responses = member.headcount, counts.get(member.unit_id, 0)
        for child in children.get(member.unit_id, []):
            child_headcount, child_responses = total(child)
            headcount, responses = headcount + child_headcount, responses + child_responses
        totals[member.unit_id] = (headcount, responses)
        return headcount, responses

    rows: list[UnitParticipation] = []

    def walk(member: Member, depth: int) -> None:
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
                is_count_shown=while_open is None or member.unit_id in while_open.shown,
                is_held_back=while_open is not None and member.unit_id in while_open.protecting,
                is_open=while_open is not None,
            )
        )
        for child in children.get(member.unit_id, []):
            walk(child, depth + 1)

    for top in children.get(None, []):
        total(top)
        walk(top, 0)
    return rows


def shown_counts(members: Sequence[Member], counts: Mapping[int, int], k: int) -> ShownCounts:
    """Whose counts an open wave may show, decided over its whole tree."""
    units = [UnitNode(m.unit_id, m.parent_unit_id, m.name) for m in members]
    return shown_while_open(units, counts, k)
