"""Participation counts of an open wave: nothing below k is shown, or follows by subtraction."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.domain.disclosure import UnitNode, find_derivable_group
from surveyapp.domain.disclosure.participation import shown_while_open

from .support import tree


def cells_of(units: tuple[UnitNode, ...], responses: dict[int, int]) -> dict[int, set[int]]:
    """Each unit's cell: the units whose own respondents its count includes."""
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.unit_id)

    def below(unit_id: int) -> set[int]:
        found = {unit_id}
        for child in children.get(unit_id, []):
            found |= below(child)
        return found

    return {unit.unit_id: below(unit.unit_id) for unit in units}


def test_a_parent_that_would_give_away_the_rest_is_held_back() -> None:
    """The admin page's council: 18 in all, 15 in Family Help (6 + 9), 2 in Team C, 1 at the top."""
    units = tree((1, None), (2, 1), (3, 2), (4, 2), (5, 1), (6, 5))
    counts = shown_while_open(units, {1: 1, 3: 6, 4: 9, 6: 2}, 5)
    assert counts.shown == {2, 3, 4}
    assert counts.protecting == {1}  # 18 - 15 would be the 3 outside Family Help


def test_small_and_empty_units_are_not_shown() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    assert shown_while_open(units, {2: 7, 3: 5}, 5).shown == {1, 2, 3}
    assert shown_while_open(units, {2: 7, 3: 0}, 5).shown == {1, 2}
    assert shown_while_open(units, {2: 7, 3: 1}, 5).shown == {1}  # 8 and 7 would give the 1


@st.composite
def trees_and_counts(draw: st.DrawFn) -> tuple[tuple[UnitNode, ...], dict[int, int], int]:
    size = draw(st.integers(1, 9))
    edges: list[tuple[int, int | None]] = [(0, None)]
    for unit in range(1, size):
        edges.append((unit, draw(st.integers(0, unit - 1))))
    counts = {unit: draw(st.integers(0, 12)) for unit in range(size)}
    return tree(*edges), counts, draw(st.integers(3, 6))


@settings(max_examples=400, deadline=None)
@given(trees_and_counts())
def test_no_group_below_k_can_be_derived_from_the_counts_shown(
    case: tuple[tuple[UnitNode, ...], dict[int, int], int],
) -> None:
    units, responses, k = case
    shown = shown_while_open(units, responses, k).shown
    cells = cells_of(units, responses)
    assert all(sum(responses[u] for u in cells[unit]) >= k for unit in shown)
    found = find_derivable_group([cells[unit] for unit in shown], responses, k)
    assert found.is_proven_safe, (found.group, found.people)
