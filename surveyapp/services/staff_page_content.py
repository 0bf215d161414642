"""What the public "You said, we did" page of a unit and wave shows.

Only the published headline of the unit (or of its nearest published ancestor, saying so:
``domain.staff_page``) and the action plans for the unit and the units above it, with their
status and dated updates: never comments, never a question's answers, never who owns an action.

With duties separated (``SURVEYAPP_SEPARATE_DUTIES``) it shows no results at all: the page has
no reader, so the admin who issued a team's invitations could read the team's headline here,
and every unit above it counts the team too (``domain.duties``). Its actions still show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.results import TreeUnit
from surveyapp.domain.staff_page import StaffResults, staff_results
from surveyapp.models import StaffPage, Wave, WaveState

from .actions import ActionView, unit_actions
from .publication import PlanSettings, current_plan
from .visibility import tree_of, wave_members


@dataclass(frozen=True)
class UnitActions:
    unit: TreeUnit
    is_own: bool
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class StaffPageContent:
    wave: Wave
    unit: TreeUnit
    plan: PublicationPlan
    results: StaffResults | None
    """None where duties are separated: results are read by signing in."""
    actions: tuple[UnitActions, ...]
    """The unit's actions, then those of each unit above it that has any."""


def staff_page(
    session: Session,
    slug: str,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    today: dt.date,
) -> StaffPageContent | None:
    """What the page at ``slug`` shows; None for an unknown slug."""
    page = session.get(StaffPage, slug)
    if page is None:
        return None
    wave = session.get(Wave, page.wave_id)
    assert wave is not None and wave.state is not WaveState.DRAFT
    bank = bank_of(banks, wave)
    tree = tree_of(wave_members(session, wave))
    by_id = {unit.unit_id: unit for unit in tree}
    plan = current_plan(session, wave, bank, settings)
    chain: list[TreeUnit] = []
    current: TreeUnit | None = by_id[page.unit_id]
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    actions = tuple(
        UnitActions(unit, unit.unit_id == page.unit_id, tuple(found))
        for unit in chain
        if (found := unit_actions(session, wave, unit.unit_id, banks, settings, today))
        or unit.unit_id == page.unit_id
    )
    return StaffPageContent(
        wave=wave,
        unit=by_id[page.unit_id],
        plan=plan,
        results=None if settings.separate_duties else staff_results(plan, bank, tree, page.unit_id),
        actions=actions,
    )
