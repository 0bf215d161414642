"""Separation of duties over a plan: every cell counting an issuer's unit is hidden, and only
those (the exact auditor over a real plan is in tests/services/test_separation_of_duties.py)."""

from __future__ import annotations

from dataclasses import dataclass

from surveyapp.domain.disclosure import (
    Cell,
    PublicationPlan,
    Reason,
    Rollup,
    Usefulness,
    measures,
)
from surveyapp.domain.duties import HIDDEN_REASON, restricted_plan, units_counting

R = measures.RESPONSES
BAND = measures.band("role", "social_worker")


@dataclass(frozen=True)
class Member:
    unit_id: int
    parent_unit_id: int | None


# org 1 > services 2, 3; service 2 > teams 4, 5, 6 (5 and 6 pooled); service 3 > team 7
TREE = [
    Member(1, None),
    Member(2, 1),
    Member(3, 1),
    Member(4, 2),
    Member(5, 2),
    Member(6, 2),
    Member(7, 3),
]


def plan() -> PublicationPlan:
    published = [Cell(node, R, n=10) for node in (1, 2, 3, 4, 7)]
    return PublicationPlan(
        k=5,
        k_comments=10,
        cells=[
            *published,
            Cell(5, R, reason=Reason.ROLLED_UP),
            Cell("other:2", R, n=6),
            Cell(1, BAND, n=8),
        ],
        rollups=[Rollup("other:2", 2, "other teams", frozenset({5, 6}))],
        usefulness=Usefulness(8, 7, 7),
    )


def published_nodes(found: PublicationPlan) -> set[object]:
    return {c.node for c in found.published_cells()}


def test_a_team_hides_itself_and_everything_above_it() -> None:
    assert units_counting(TREE, {4}) == {4, 2, 1}
    found = restricted_plan(plan(), TREE, {4})
    assert published_nodes(found) == {3, 7, "other:2"}
    assert found.cell(1, BAND).reason is HIDDEN_REASON
    assert found.cell(5, R).reason is not HIDDEN_REASON, "a hidden cell keeps its own reason"


def test_a_pooled_team_hides_its_pool() -> None:
    assert published_nodes(restricted_plan(plan(), TREE, {6})) == {3, 4, 7}


def test_nothing_issued_is_the_same_plan() -> None:
    original = plan()
    assert restricted_plan(original, TREE, ()) is original


def test_a_service_hides_itself_but_not_its_teams() -> None:
    assert published_nodes(restricted_plan(plan(), TREE, {3})) == {2, 4, 7, "other:2"}
