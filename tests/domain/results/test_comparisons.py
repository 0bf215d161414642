"""Heatmap cells beside the organisation and the wave before: differences only between
published scores, called clear only where the two-proportion test finds a change."""

from __future__ import annotations

import pytest

from surveyapp.domain.results import compare_heatmap, difference, unit_results
from surveyapp.domain.scoring import AgreementScore
from tests.domain.results.support import BANK, TREE, council, person, plan_for


def test_a_difference_is_clear_only_where_the_test_says_so() -> None:
    reference = AgreementScore(favourable=50, n=100, mean=3.0)
    small = difference(AgreementScore(favourable=6, n=10, mean=3.2), reference)
    large = difference(AgreementScore(favourable=160, n=200, mean=4.0), reference)
    assert small is not None and small.points == pytest.approx(10)
    assert not small.is_clear and small.direction is None
    assert large is not None and large.points == pytest.approx(30)
    assert large.is_clear and large.direction == "up"
    fall = difference(AgreementScore(favourable=10, n=100, mean=2.0), reference)
    assert fall is not None and fall.direction == "down"
    assert difference(None, reference) is None and difference(reference, None) is None


def test_each_published_cell_is_compared_and_hidden_ones_are_not() -> None:
    _, before = plan_for(council(u6=[person(valued="4") for _ in range(12)]))
    _, now = plan_for(council())
    results = unit_results(now, BANK, TREE, 1)
    organisation = results.themes
    heatmap = compare_heatmap(
        results, "Council", organisation, "Wave 1", unit_results(before, BANK, TREE, 1)
    )
    assert (heatmap.reference_name, heatmap.previous_name) == ("Council", "Wave 1")
    rows = {row.row.label: row for row in heatmap.rows}
    team_f = rows["Team F"]
    morale = next(c for c in team_f.themes if c.theme.key == "morale")
    assert morale.vs_previous is not None and morale.vs_previous.points < 0
    assert morale.vs_previous.is_clear and morale.vs_previous.direction == "down"
    assert morale.vs_reference is not None
    for row in heatmap.rows:
        for cell in row.themes:
            if cell.theme.score is None:
                assert cell.vs_reference is None and cell.vs_previous is None


def test_without_an_earlier_wave_there_is_no_previous_difference() -> None:
    _, now = plan_for(council())
    results = unit_results(now, BANK, TREE, 1)
    heatmap = compare_heatmap(results, "Council", results.themes)
    assert heatmap.previous_name is None
    assert all(c.vs_previous is None for row in heatmap.rows for c in row.themes)
