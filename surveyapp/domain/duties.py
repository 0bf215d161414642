"""Separation of duties: whoever held a unit's invitations may not read what they let in.

The n-1 attack: an account that issued a team's invitations (or its team link) holds every way
in, so it can answer k-1 times itself with answers it knows and wait for the one colleague whose
answer then tips the team's cell over k. Subtracting its own answers from the published cell
gives that colleague's answers exactly, though every cell the planner published is >= k.

The rule, per wave: for an account that issued for units I, hide every published cell that
counts anyone of a unit in I. A unit's cell counts its whole subtree, so that is each unit of I
and every unit above one, every "other teams" rollup pooling a unit whose subtree holds one, and
the demographic breakdowns (they sit on the root, above everything).

Proof sketch: every cell left visible counts a set of people disjoint from the people of I, so
any sum or difference of visible cells (all that subtraction can derive) also counts nobody of
I: the account cannot isolate, or shrink by its own known answers, any group holding someone it
let in. Hiding less would not hold: a cell counting I's people together with others can still be
reduced by the answers the account itself wrote, leaving fewer than k real people in it. Cells
about other units (siblings, cousins, sub-units of I) count nobody of I and stay visible; their
own safety among themselves is the plan's, already audited.

Plain Python over the wave's frozen tree and a plan: no database, no Flask.
"""

from __future__ import annotations

from collections.abc import Iterable

from surveyapp.domain.disclosure.plan import Cell, NodeId, PublicationPlan, Reason
from surveyapp.domain.scope import Member

HIDDEN_REASON = Reason.ISSUED_INVITATIONS


def units_counting(members: Iterable[Member], issued: Iterable[int]) -> frozenset[int]:
    """The units whose cells count someone of an ``issued`` unit: those units and their
    ancestors in the wave's tree."""
    parents = {m.unit_id: m.parent_unit_id for m in members}
    found: set[int] = set()
    for unit_id in issued:
        current: int | None = unit_id if unit_id in parents else None
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return frozenset(found)


def _rollups_counting(plan: PublicationPlan, hidden: frozenset[int]) -> set[str]:
    """Rollups pooling a unit whose subtree holds an issued unit (its hidden chain)."""
    return {rollup.node for rollup in plan.rollups if rollup.unit_ids & hidden}


def restricted_plan(
    plan: PublicationPlan, members: Iterable[Member], issued: Iterable[int]
) -> PublicationPlan:
    """``plan`` as an account that issued for ``issued`` may read it: every cell counting
    someone of those units suppressed with ``Reason.ISSUED_INVITATIONS`` (see the module's
    proof sketch). The same plan when nothing was issued.

    The result is a reader's view only: it is never stored, signed or given a digest to show.
    """
    members = tuple(members)
    hidden = units_counting(members, issued)
    if not hidden:
        return plan
    nodes: set[NodeId] = set(hidden) | _rollups_counting(plan, hidden)
    return PublicationPlan(
        k=plan.k,
        k_comments=plan.k_comments,
        cells=[_hidden(cell) if cell.node in nodes else cell for cell in plan.cells()],
        rollups=plan.rollups,
        usefulness=plan.usefulness,
    )


def _hidden(cell: Cell) -> Cell:
    return cell if not cell.is_published else Cell(cell.node, cell.measure, reason=HIDDEN_REASON)
