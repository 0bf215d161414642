"""The general auditor finds known leaks (so it can fail) and passes safe cell sets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.domain.disclosure import (
    AuditResult,
    Verdict,
    find_crossed_group,
    find_derivable_group,
)
from tests.domain.disclosure.support import is_derivable


def test_parent_minus_child_is_found() -> None:
    found = find_derivable_group([{1, 2, 3}, {1, 2}], {1: 5, 2: 5, 3: 2}, 5)
    assert found == AuditResult(Verdict.LEAK, frozenset({3}), 2)
    assert not found.is_proven_safe


def test_nested_cells_with_large_residuals_are_safe() -> None:
    found = find_derivable_group([{1, 2, 3}, {1, 2}, {1}], {1: 5, 2: 5, 3: 6}, 5)
    assert found.verdict is Verdict.SAFE and found.is_proven_safe
    assert found.group == frozenset() and found.people == 0


def test_empty_atoms_cannot_be_a_group() -> None:
    assert find_derivable_group([{1, 2, 3}, {1, 2}], {1: 5, 2: 5, 3: 0}, 5).is_proven_safe
    assert find_derivable_group([], {1: 1}, 5).is_proven_safe
    assert find_derivable_group([{9}], {}, 5).is_proven_safe


def test_a_rational_combination_is_found() -> None:
    # (AB + AC - BC) / 2 = A: no integer 0/1 sum of cells gives A, a half-combination does.
    cells = [{"a", "b"}, {"a", "c"}, {"b", "c"}]
    found = find_derivable_group(cells, {"a": 2, "b": 10, "c": 10}, 5)
    assert found.verdict is Verdict.LEAK and found.group == {"a"}
    assert is_derivable(cells, {"a": 2, "b": 10, "c": 10}, found.group)


def test_a_difference_of_overlapping_cells_is_found() -> None:
    cells = [{1, 2}, {2, 3}, {1, 2, 3}]
    found = find_derivable_group(cells, {1: 6, 2: 6, 3: 4}, 5)
    assert found == AuditResult(Verdict.LEAK, frozenset({3}), 4)


def test_impossible_partial_combinations_are_pruned() -> None:
    # each pair shares atom 2, so no 0/1 combination isolates one of the small atoms
    cells = [{0, 2}, {2, 3}, {1, 2}]
    assert find_derivable_group(cells, {0: 2, 1: 3, 2: 3, 3: 3}, 5).is_proven_safe


def test_groups_at_the_threshold_are_allowed() -> None:
    assert find_derivable_group([{1, 2, 3}, {1, 2}], {1: 5, 2: 5, 3: 5}, 5).is_proven_safe


def test_budget_limits_answer_undecided() -> None:
    cells = [{1, 2, 3}, {1, 2}, {1}]
    counts = {1: 1, 2: 1, 3: 1}
    assert find_derivable_group(cells, counts, 5, max_nodes=1).verdict is Verdict.UNDECIDED
    assert find_derivable_group(cells, counts, 5, max_classes=2).verdict is Verdict.UNDECIDED
    assert find_derivable_group(cells, counts, 5, max_nodes=100).verdict is Verdict.LEAK


def test_too_many_independent_cells_answer_undecided() -> None:
    cells = [{i} for i in range(1000)]
    found = find_derivable_group(cells, dict.fromkeys(range(1000), 9), 5)
    assert found.verdict is Verdict.UNDECIDED


def test_crossed_auditor_finds_a_small_piece_on_its_own() -> None:
    atoms = [("3/skipped", 3, None, 2), ("4/a", 4, 0, 6), ("4/skipped", 4, None, 6)]
    assert find_crossed_group(atoms, 5) == AuditResult(Verdict.LEAK, frozenset({"3/skipped"}), 2)


def test_crossed_auditor_finds_the_newly_qualified_team() -> None:
    # atoms (label, piece, band node, people): team 3 = piece 3, NQ at the root = band node 0.
    atoms = [
        ("3/nq", 3, 0, 7),
        ("3/other", 3, None, 3),
        ("4/other", 4, None, 10),
        ("root/none", None, None, 5),
    ]
    found = find_crossed_group(atoms, 5)
    assert found == AuditResult(Verdict.LEAK, frozenset({"3/other"}), 3)
    assert find_crossed_group(atoms, 5, max_steps=1).verdict is Verdict.UNDECIDED


def test_crossed_auditor_budget_counts_the_work_of_each_component() -> None:
    atoms = [("3/nq", 3, 0, 7), ("3/other", 3, None, 3)]
    assert find_crossed_group(atoms, 5, max_steps=6).verdict is Verdict.UNDECIDED
    assert find_crossed_group(atoms, 5, max_steps=10).verdict is Verdict.LEAK


def test_crossed_auditor_passes_a_mixed_breakdown() -> None:
    atoms = [("3/a", 3, 0, 6), ("3/b", 3, 1, 6), ("4/a", 4, 0, 6), ("4/b", 4, 1, 6)]
    assert find_crossed_group(atoms, 5).is_proven_safe
    atoms_with_anchor = [*atoms, ("x/a", None, 0, 2)]
    found = find_crossed_group(atoms_with_anchor, 5)
    assert found.verdict is Verdict.LEAK


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(0, 7), min_size=1), max_size=6),
    st.dictionaries(st.integers(0, 7), st.integers(0, 6)),
    st.integers(2, 8),
)
def test_every_reported_leak_is_real_and_every_safe_verdict_holds(
    cells: list[frozenset[int]], counts: dict[int, int], threshold: int
) -> None:
    found = find_derivable_group(cells, counts, threshold)
    if found.verdict is Verdict.LEAK:
        assert 0 < found.people < threshold
        assert is_derivable(cells, counts, found.group)
        return
    assert found.verdict is Verdict.SAFE
    # brute force: every subset of non-empty atoms that is derivable holds 0 or >= threshold
    atoms = sorted(a for a in counts if counts[a] > 0 and any(a in c for c in cells))
    for mask in range(1, 1 << len(atoms)):
        group = [a for i, a in enumerate(atoms) if mask >> i & 1]
        people = sum(counts[a] for a in group)
        if people < threshold:
            assert not is_derivable(cells, counts, group)
