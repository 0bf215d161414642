"""Which units of a wave a staff member may read, and what a page about one of them reads.

One rule for every page, export, API response, report and command: ``domain.scope`` applied to
the wave's frozen tree, allowing for a reader scoped above the unit the wave was run for (a wave
run for one service, read by someone scoped to the whole organisation). Plain functions over a
Session that return small frozen values; a view answers 404 where they give ``None`` or nothing,
so that a unit outside someone's scope is not confirmed to exist.

Separation of duties (``SURVEYAPP_SEPARATE_DUTIES``, ``domain.duties``) is applied here too, per
reader and wave: an account that issued ways into a unit of a wave does not see that unit's
results, nor any cell counting its people (the units above it, rollups and breakdowns holding
it), for that wave. ``unit_view``, ``readable_waves``, ``visible_members`` and the trends read
through ``result_units`` and ``reader_plan``; what an admin administers (invitations,
participation, the audit trail) is scope alone (``scoped_members``), so an issuer can still
manage what they issued.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.duties import restricted_plan, units_counting
from surveyapp.domain.results import TreeUnit, UnitResults
from surveyapp.domain.roles import Role
from surveyapp.domain.scope import (
    Reader,
    depths_below,
    may_see_comments,
    may_write_actions,
    visible_unit_ids,
)
from surveyapp.models import Unit, Wave, WaveState, WaveUnit

from .issuance import issued_units
from .publication import PlanSettings, current_plan, node_plan


@dataclass(frozen=True)
class ReadableWave:
    """A wave with results, and the highest of its units the reader may see (None: none)."""

    wave: Wave
    top: Member | None


@dataclass(frozen=True)
class UnitView:
    """One unit of one wave as a reader may see it: what its pages, exports and API read."""

    wave: Wave
    bank: Bank
    plan: PublicationPlan
    members: tuple[Member, ...]
    tree: tuple[TreeUnit, ...]
    unit: TreeUnit
    visible: frozenset[int]
    may_see_comments: bool

    @property
    def subtree(self) -> frozenset[int]:
        """The unit and every unit below it, visible to the reader or not (the people a
        published cell of this unit counts)."""
        return subtree_ids(self.members, self.unit.unit_id)

    def visible_results(self, results: UnitResults) -> UnitResults:
        """Drop heatmap rows about units the reader may not see (e.g. teams, for a board)."""
        rows = tuple(row for row in results.heatmap if row.is_visible_to(self.visible))
        return replace(results, heatmap=rows)

    def parent(self) -> TreeUnit | None:
        """The unit above, if the reader may see it."""
        parent = next((u for u in self.tree if u.unit_id == self.unit.parent_id), None)
        return parent if parent is not None and parent.unit_id in self.visible else None


class Member(NamedTuple):
    """A unit of a wave as it stood when the wave opened, read as a plain row: pages read every
    unit of a wave (3,000 at national scale, of two waves for a dashboard's comparison), and
    made into ORM objects they took a tenth of a cold dashboard."""

    wave_id: int
    unit_id: int
    parent_unit_id: int | None
    name: str
    headcount: int


_MEMBERS = select(
    WaveUnit.wave_id, WaveUnit.unit_id, WaveUnit.parent_unit_id, WaveUnit.name, WaveUnit.headcount
)


def wave_members(session: Session, wave: Wave) -> tuple[Member, ...]:
    """The wave's units as they stood when it opened."""
    rows = session.execute(_MEMBERS.where(WaveUnit.wave_id == wave.id))
    return tuple(map(Member._make, rows))


def tree_of(members: Sequence[Member]) -> tuple[TreeUnit, ...]:
    return tuple(TreeUnit(m.unit_id, m.parent_unit_id, m.name, m.headcount) for m in members)


def subtree_ids(members: Sequence[Member], unit_id: int) -> frozenset[int]:
    """``unit_id`` and every unit below it in the wave's tree."""
    children: dict[int | None, list[int]] = {}
    for member in members:
        children.setdefault(member.parent_unit_id, []).append(member.unit_id)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return frozenset(found)


def top_visible_unit(members: Sequence[Member], visible: frozenset[int]) -> Member | None:
    """The highest unit of a wave the reader may see: its parent is not visible to them."""
    return next(
        (
            m
            for m in members
            if m.unit_id in visible
            and (m.parent_unit_id is None or m.parent_unit_id not in visible)
        ),
        None,
    )


def ancestors_of(session: Session, unit_id: int) -> list[int]:
    """Ids of the live ancestors of a unit, nearest first."""
    parents = {unit: parent for unit, parent in session.execute(select(Unit.id, Unit.parent_id))}
    chain: list[int] = []
    current = parents.get(unit_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def _above_root(
    session: Session, reader: Reader, wave: Wave, members: Sequence[Member]
) -> list[int]:
    """The ancestors of the wave's root, needed only for a reader scoped outside its tree."""
    if any(member.unit_id == reader.scope_unit_id for member in members):
        return []
    return ancestors_of(session, wave.root_unit_id)


def visible_units(
    session: Session, reader: Reader, wave: Wave, members: Sequence[Member] | None = None
) -> frozenset[int]:
    """The units of ``wave`` whose results ``reader`` may see (empty if none)."""
    members = wave_members(session, wave) if members is None else members
    return visible_unit_ids(reader, members, above_root=_above_root(session, reader, wave, members))


def issued_by(
    session: Session, reader: Reader, wave_id: int, settings: PlanSettings
) -> frozenset[int]:
    """The units of ``wave_id`` whose ways in ``reader`` issued, if duties are separated."""
    user_id = getattr(reader, "id", None)
    if not settings.separate_duties or not isinstance(user_id, int):
        return frozenset()
    return issued_units(session, user_id, wave_id)


def result_units(
    session: Session,
    reader: Reader,
    wave: Wave,
    settings: PlanSettings,
    members: Sequence[Member] | None = None,
) -> frozenset[int]:
    """The units of ``wave`` whose results ``reader`` may see: their scope, less every unit
    counting people they issued ways in for (``domain.duties``)."""
    members = wave_members(session, wave) if members is None else members
    scoped = visible_units(session, reader, wave, members)
    issued = issued_by(session, reader, wave.id, settings)
    return scoped - units_counting(members, issued) if issued else scoped


def reader_plan(
    session: Session,
    reader: Reader | None,
    wave: Wave,
    plan: PublicationPlan,
    settings: PlanSettings,
    members: Sequence[Member] | None = None,
) -> PublicationPlan:
    """``plan`` as ``reader`` may read it (None: a command, bound by no duty)."""
    if reader is None:
        return plan
    issued = issued_by(session, reader, wave.id, settings)
    if not issued:
        return plan
    members = wave_members(session, wave) if members is None else members
    return restricted_plan(plan, members, issued)


def may_act_on(
    session: Session,
    reader: Reader,
    wave: Wave,
    unit_id: int,
    members: Sequence[Member] | None = None,
) -> bool:
    """Whether ``reader`` may record action plans and their progress for ``unit_id`` of
    ``wave`` (``domain.scope.may_write_actions``: a manager for their own unit only)."""
    members = wave_members(session, wave) if members is None else members
    above = _above_root(session, reader, wave, members)
    return may_write_actions(reader, unit_id, members, above_root=above)


def visible_units_by_wave(session: Session, reader: Reader) -> dict[int, frozenset[int] | None]:
    """For every wave, the units whose results ``reader`` may see; None where that is all of them
    (so that a caller filtering on it need not list every unit)."""
    members_by_wave: dict[int, list[Member]] = {}
    for member in map(Member._make, session.execute(_MEMBERS)):
        members_by_wave.setdefault(member.wave_id, []).append(member)
    visible: dict[int, frozenset[int] | None] = {}
    for wave in session.scalars(select(Wave)):
        members = members_by_wave.get(wave.id, [])
        units = visible_units(session, reader, wave, members)
        visible[wave.id] = None if members and len(units) == len(members) else units
    return visible


def is_scoped_to_the_root(session: Session, reader: Reader) -> bool:
    """Whether ``reader``'s scope is the top of the organisation's unit tree."""
    scope = session.get(Unit, reader.scope_unit_id)
    return scope is not None and scope.parent_id is None


def waves_with_results(session: Session) -> list[Wave]:
    """Waves that have opened, newest first (open ones show nothing unless live results)."""
    return list(
        session.scalars(
            select(Wave)
            .where(Wave.state != WaveState.DRAFT)
            .order_by(Wave.opens_on.desc(), Wave.id.desc())
        )
    )


def readable_waves(session: Session, reader: Reader, settings: PlanSettings) -> list[ReadableWave]:
    """Every wave with results, each with the highest unit ``reader`` may see (or None)."""
    entries = []
    for wave in waves_with_results(session):
        members = wave_members(session, wave)
        visible = result_units(session, reader, wave, settings, members)
        entries.append(ReadableWave(wave, top_visible_unit(members, visible)))
    return entries


def scoped_members(session: Session, reader: Reader, wave_id: int) -> tuple[Member, ...]:
    """The units of wave ``wave_id`` in ``reader``'s scope, by id, for administering them
    (invitations, workforce figures): no duty applies; none if the wave is a draft or
    nothing of it is in their scope."""
    wave = session.get(Wave, wave_id)
    if wave is None or wave.state is WaveState.DRAFT:
        return ()
    members = wave_members(session, wave)
    visible = visible_units(session, reader, wave, members)
    return tuple(sorted((m for m in members if m.unit_id in visible), key=lambda m: m.unit_id))


def visible_members(
    session: Session, reader: Reader, wave_id: int, settings: PlanSettings
) -> tuple[Member, ...]:
    """The units of wave ``wave_id`` whose results ``reader`` may see, by id; none if the wave
    has no results or nothing of it is theirs to read."""
    wave = session.get(Wave, wave_id)
    if wave is None or wave.state is WaveState.DRAFT:
        return ()
    members = wave_members(session, wave)
    visible = result_units(session, reader, wave, settings, members)
    return tuple(sorted((m for m in members if m.unit_id in visible), key=lambda m: m.unit_id))


def unit_view(
    session: Session,
    reader: Reader,
    wave_id: int,
    unit_id: int,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
) -> UnitView | None:
    """``unit_id`` of ``wave_id`` with the plan to read it from, or None if there is no such
    unit with results or ``reader`` may not see it."""
    wave = session.get(Wave, wave_id)
    if wave is None or wave.state is WaveState.DRAFT:
        return None
    members = wave_members(session, wave)
    above = _above_root(session, reader, wave, members)
    visible = visible_unit_ids(reader, members, above_root=above)
    issued = issued_by(session, reader, wave.id, settings)
    visible -= units_counting(members, issued)
    if unit_id not in visible:
        return None
    bank = bank_of(banks, wave)
    tree = tree_of(members)
    unit = next(u for u in tree if u.unit_id == unit_id)
    plan = current_plan(session, wave, bank, settings)
    if issued:
        plan = restricted_plan(plan, members, issued)
    comments = may_see_comments(reader, unit_id, members, above_root=above)
    return UnitView(wave, bank, plan, members, tree, unit, visible, comments)


def waves_up_to(session: Session, wave: Wave) -> list[Wave]:
    """This wave and every earlier wave of its bank that has opened, oldest first: the waves a
    trend, or a unit's action plans, look back over."""
    return list(
        session.scalars(
            select(Wave)
            .where(
                Wave.state != WaveState.DRAFT,
                Wave.bank_key == wave.bank_key,
                Wave.opens_on <= wave.opens_on,
            )
            .order_by(Wave.opens_on, Wave.id)
        )
    )


def trend_plans(
    session: Session,
    wave: Wave,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    node: int,
    reader: Reader | None,
) -> list[tuple[str, PublicationPlan]]:
    """``node``'s cells of the plans of this wave and every earlier wave of its bank, oldest
    first, each as ``reader`` may read it (None: a command): all a trend reads."""
    plans = wave_trend_plans(session, wave, banks, settings, node, reader)
    return [(w.name, plan) for w, plan in plans]


def wave_trend_plans(
    session: Session,
    wave: Wave,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    node: int,
    reader: Reader | None,
) -> list[tuple[Wave, PublicationPlan]]:
    """As ``trend_plans``, each plan with its wave (the API names a trend's waves by id).

    Duties are per wave: a reader who issued for this unit in an earlier wave sees this wave's
    cells but not that wave's."""
    found = []
    for earlier in waves_up_to(session, wave):
        plan = node_plan(session, earlier, banks[earlier.bank_key], settings, node)
        found.append((earlier, reader_plan(session, reader, earlier, plan, settings)))
    return found


class _LiveMember(NamedTuple):
    unit_id: int
    parent_unit_id: int | None


def managed_unit_ids(session: Session, reader: Reader) -> dict[int, int]:
    """The units of the live tree that ``reader`` looks after, each with its depth below their
    scope unit: for an active admin, the scope unit and everything under it; nobody else
    manages units. Waves keep the tree as it was when they opened, so this is the tree that
    uploads, edits and new waves use."""
    if reader.role is not Role.ADMIN or not reader.is_active:
        return {}
    members = [_LiveMember(*row) for row in session.execute(select(Unit.id, Unit.parent_id))]
    return depths_below(members, reader.scope_unit_id)


def managed_waves(session: Session, reader: Reader) -> list[Wave]:
    """Waves run for a unit ``reader`` looks after (drafts included), newest first: the waves
    they may open, close and schedule."""
    managed = managed_unit_ids(session, reader)
    if not managed:
        return []
    query = select(Wave).where(Wave.root_unit_id.in_(sorted(managed)))
    return list(session.scalars(query.order_by(Wave.id.desc())))
