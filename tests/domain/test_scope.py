"""Who may read which units of a wave: plain functions over a user and a frozen tree."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from surveyapp.domain.roles import Role
from surveyapp.domain.scope import depths_below, may_see_comments, visible_unit_ids

ORG, CHILDREN, ADULTS, CIC_1, CIC_2, ADULTS_1, ADULTS_1_NIGHTS = 1, 2, 3, 4, 5, 6, 7


@dataclass(frozen=True)
class Member:
    unit_id: int
    parent_unit_id: int | None


@dataclass(frozen=True)
class Reader:
    role: Role
    scope_unit_id: int
    viewer_max_depth: int = 1
    can_see_comments: bool = False
    is_active: bool = True


# org > children's services > two teams; org > adults > team > night team
TREE = [
    Member(ORG, None),
    Member(CHILDREN, ORG),
    Member(ADULTS, ORG),
    Member(CIC_1, CHILDREN),
    Member(CIC_2, CHILDREN),
    Member(ADULTS_1, ADULTS),
    Member(ADULTS_1_NIGHTS, ADULTS_1),
]
ALL = frozenset(m.unit_id for m in TREE)


def test_depths_below_a_unit() -> None:
    assert depths_below(TREE, ADULTS) == {ADULTS: 0, ADULTS_1: 1, ADULTS_1_NIGHTS: 2}
    assert depths_below(TREE, 99) == {}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_analysts_and_admins_see_their_whole_subtree_and_nothing_else(role: Role) -> None:
    assert visible_unit_ids(Reader(role, ORG), TREE) == ALL
    children = visible_unit_ids(Reader(role, CHILDREN), TREE)
    assert children == {CHILDREN, CIC_1, CIC_2}
    assert not children & {ORG, ADULTS, ADULTS_1, ADULTS_1_NIGHTS}
    assert visible_unit_ids(Reader(role, ADULTS_1), TREE) == {ADULTS_1, ADULTS_1_NIGHTS}


@pytest.mark.parametrize(
    ("scope", "depth", "expected"),
    [
        (ORG, 0, {ORG}),
        (ORG, 1, {ORG, CHILDREN, ADULTS}),
        (ORG, 2, {ORG, CHILDREN, ADULTS, CIC_1, CIC_2, ADULTS_1}),
        (ORG, 3, set(ALL)),
        (ADULTS, 1, {ADULTS, ADULTS_1}),
    ],
)
def test_viewers_see_down_to_their_maximum_depth(
    scope: int, depth: int, expected: set[int]
) -> None:
    assert visible_unit_ids(Reader(Role.VIEWER, scope, depth), TREE) == expected


def test_a_scope_outside_the_wave_sees_nothing() -> None:
    assert visible_unit_ids(Reader(Role.ANALYST, 42), TREE) == frozenset()
    # scoped to the organisation, but the wave was run for adults only and we were not told
    # that the organisation lies above the wave's root
    adults_wave = [Member(ADULTS, None), Member(ADULTS_1, ADULTS)]
    assert visible_unit_ids(Reader(Role.ANALYST, ORG), adults_wave) == frozenset()


def test_a_scope_above_the_wave_root_sees_the_wave_counting_depth_from_the_scope() -> None:
    adults_wave = [
        Member(ADULTS, None),
        Member(ADULTS_1, ADULTS),
        Member(ADULTS_1_NIGHTS, ADULTS_1),
    ]
    above = [ORG]
    analyst = Reader(Role.ANALYST, ORG)
    assert visible_unit_ids(analyst, adults_wave, above_root=above) == {
        ADULTS,
        ADULTS_1,
        ADULTS_1_NIGHTS,
    }
    viewer = Reader(Role.VIEWER, ORG, viewer_max_depth=1)
    assert visible_unit_ids(viewer, adults_wave, above_root=above) == {ADULTS}
    board = Reader(Role.VIEWER, ORG, viewer_max_depth=0)
    assert visible_unit_ids(board, adults_wave, above_root=above) == frozenset()
    other = Reader(Role.ANALYST, CHILDREN)
    assert visible_unit_ids(other, adults_wave, above_root=above) == frozenset()


def test_inactive_accounts_see_nothing() -> None:
    assert visible_unit_ids(Reader(Role.ADMIN, ORG, is_active=False), TREE) == frozenset()


def test_comments_for_analysts_and_admins_in_scope_only() -> None:
    for role in (Role.ANALYST, Role.ADMIN):
        reader = Reader(role, CHILDREN)
        assert may_see_comments(reader, CIC_1, TREE)
        assert not may_see_comments(reader, ADULTS_1, TREE)
        assert not may_see_comments(reader, ORG, TREE)


def test_viewers_see_comments_only_when_granted_and_within_depth() -> None:
    assert not may_see_comments(Reader(Role.VIEWER, ORG), CHILDREN, TREE)
    granted = Reader(Role.VIEWER, ORG, viewer_max_depth=1, can_see_comments=True)
    assert may_see_comments(granted, CHILDREN, TREE)
    assert not may_see_comments(granted, CIC_1, TREE)  # below the depth limit
