"""What a unit's heatmap is compared with: the organisation, and the wave before.

The organisation is the top of the wave's tree where the reader may see it; a reader scoped
lower is compared with the highest unit they may see, so a comparison never shows a score the
reader could not open. The wave before is the latest earlier wave of the same question bank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import NodeId, PublicationPlan, rollup_node
from surveyapp.domain.results import (
    ComparedHeatmap,
    TreeUnit,
    UnitResults,
    compare_heatmap,
    theme_result,
    unit_results,
)
from surveyapp.domain.scope import Reader
from surveyapp.models import Wave, WaveState

from .publication import PlanSettings, nodes_plan
from .visibility import reader_plan, tree_of, wave_members


def previous_wave(session: Session, wave: Wave) -> Wave | None:
    """The latest wave of the same bank that opened before ``wave``."""
    return session.scalars(
        select(Wave)
        .where(
            Wave.state != WaveState.DRAFT,
            Wave.bank_key == wave.bank_key,
            Wave.id != wave.id,
            or_(
                Wave.opens_on < wave.opens_on,
                (Wave.opens_on == wave.opens_on) & (Wave.id < wave.id),
            ),
        )
        .order_by(Wave.opens_on.desc(), Wave.id.desc())
        .limit(1)
    ).first()


def _previous_results(
    session: Session,
    wave: Wave,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    unit_id: int,
    reader: Reader | None,
) -> tuple[str, UnitResults] | None:
    earlier = previous_wave(session, wave)
    if earlier is None:
        return None
    tree = tree_of(wave_members(session, earlier))
    if unit_id not in {unit.unit_id for unit in tree}:
        return None
    bank = banks[earlier.bank_key]
    shown: list[NodeId] = [unit_id, rollup_node(unit_id)]
    shown += [u.unit_id for u in tree if u.parent_id == unit_id]
    plan = reader_plan(
        session, reader, earlier, nodes_plan(session, earlier, bank, settings, shown), settings
    )
    return earlier.name, unit_results(plan, bank, tree, unit_id)


def top_unit(tree: Sequence[TreeUnit], visible: frozenset[int] | None = None) -> TreeUnit:
    """The highest unit of ``tree`` among ``visible`` (None: the tree's root)."""
    return next(
        u
        for u in tree
        if (visible is None and u.parent_id is None)
        or (visible is not None and u.unit_id in visible and u.parent_id not in visible)
    )


def compared_heatmap(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    results: UnitResults,
    reference: TreeUnit,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    reader: Reader | None,
) -> ComparedHeatmap:
    """``results``' heatmap (already cut to what the reader may see) with each cell's
    differences from ``reference``'s themes and from the same rows a wave before, as ``reader``
    may read that wave (None: a command)."""
    bank = banks[wave.bank_key]
    themes = [theme_result(plan, reference.unit_id, bank, t.key) for t in bank.themes]
    before = _previous_results(session, wave, banks, settings, results.unit.unit_id, reader)
    previous_name, previous = before if before is not None else (None, None)
    return compare_heatmap(results, reference.name, themes, previous_name, previous)
