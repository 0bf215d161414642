"""Reads the insights pages need: frozen trees, waves with results, plans for trends."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.results import TreeUnit
from surveyapp.models import Wave, WaveState, WaveUnit
from surveyapp.services.publication import PlanSettings, node_plan


def wave_members(session: Session, wave: Wave) -> list[WaveUnit]:
    return list(session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave.id)))


def tree_of(members: list[WaveUnit]) -> list[TreeUnit]:
    return [TreeUnit(m.unit_id, m.parent_unit_id, m.name, m.headcount) for m in members]


def waves_with_results(session: Session) -> list[Wave]:
    """Waves that have opened, newest first (open ones show nothing unless live results)."""
    return list(
        session.scalars(
            select(Wave)
            .where(Wave.state != WaveState.DRAFT)
            .order_by(Wave.opens_on.desc(), Wave.id.desc())
        )
    )


def trend_plans(
    session: Session, wave: Wave, banks: dict[str, Bank], settings: PlanSettings, node: int
) -> list[tuple[str, PublicationPlan]]:
    """``node``'s cells of the plans of this wave and every earlier wave of its bank, oldest
    first: all a trend reads."""
    earlier = session.scalars(
        select(Wave)
        .where(
            Wave.state != WaveState.DRAFT,
            Wave.bank_key == wave.bank_key,
            Wave.opens_on <= wave.opens_on,
        )
        .order_by(Wave.opens_on, Wave.id)
    )
    return [(w.name, node_plan(session, w, banks[w.bank_key], settings, node)) for w in earlier]


def subtree_ids(members: list[WaveUnit], unit_id: int) -> frozenset[int]:
    children: dict[int | None, list[int]] = {}
    for member in members:
        children.setdefault(member.parent_unit_id, []).append(member.unit_id)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return frozenset(found)


def top_visible_unit(members: list[WaveUnit], visible: frozenset[int]) -> WaveUnit | None:
    """The highest unit of a wave the user may see: its parent is not visible to them."""
    return next(
        (
            m
            for m in members
            if m.unit_id in visible
            and (m.parent_unit_id is None or m.parent_unit_id not in visible)
        ),
        None,
    )
