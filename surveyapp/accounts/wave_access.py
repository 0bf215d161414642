"""Scope checks against the database: load a wave's frozen tree and apply ``scope``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Unit, User, Wave, WaveUnit

from .scope import may_see_comments, visible_unit_ids


def wave_members(session: Session, wave_id: int) -> list[WaveUnit]:
    return list(session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave_id)))


def ancestors_of(session: Session, unit_id: int) -> list[int]:
    """Ids of the live ancestors of a unit, nearest first."""
    parents = {
        unit_id: parent for unit_id, parent in session.execute(select(Unit.id, Unit.parent_id))
    }
    chain: list[int] = []
    current = parents.get(unit_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def _above_root(session: Session, user: User, wave: Wave, members: list[WaveUnit]) -> list[int]:
    if any(member.unit_id == user.scope_unit_id for member in members):
        return []
    return ancestors_of(session, wave.root_unit_id)


def visible_units(
    session: Session, user: User, wave: Wave, members: list[WaveUnit] | None = None
) -> frozenset[int]:
    """The units of ``wave`` whose results ``user`` may see (empty if none)."""
    members = wave_members(session, wave.id) if members is None else members
    return visible_unit_ids(user, members, above_root=_above_root(session, user, wave, members))


def visible_units_by_wave(session: Session, user: User) -> dict[int, frozenset[int] | None]:
    """For every wave, the units whose results ``user`` may see; None where that is all of them
    (so that a caller filtering on it need not list every unit)."""
    members_by_wave: dict[int, list[WaveUnit]] = {}
    for member in session.scalars(select(WaveUnit)):
        members_by_wave.setdefault(member.wave_id, []).append(member)
    visible: dict[int, frozenset[int] | None] = {}
    for wave in session.scalars(select(Wave)):
        members = members_by_wave.get(wave.id, [])
        units = visible_units(session, user, wave, members)
        visible[wave.id] = None if members and len(units) == len(members) else units
    return visible


def is_scoped_to_the_root(session: Session, user: User) -> bool:
    """Whether ``user``'s scope is the top of the organisation's unit tree."""
    scope = session.get(Unit, user.scope_unit_id)
    return scope is not None and scope.parent_id is None


def comments_visible(
    session: Session, user: User, wave: Wave, unit_id: int, members: list[WaveUnit] | None = None
) -> bool:
    """Whether ``user`` may read the published comments of ``unit_id`` in ``wave``."""
    members = wave_members(session, wave.id) if members is None else members
    above = _above_root(session, user, wave, members)
    return may_see_comments(user, unit_id, members, above_root=above)
