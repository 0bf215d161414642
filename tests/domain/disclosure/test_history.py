"""Live results: released snapshots together must not give away a small group (rule 6)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from surveyapp.domain.disclosure import (
    Cell,
    PlanInput,
    PublicationPlan,
    Reason,
    Release,
    UnitNode,
    Verdict,
    audit_plan,
    compute_plan,
    find_derivable_group,
    measures,
)
from surveyapp.domain.disclosure.history import leaks
from tests.domain.disclosure.support import (
    Arrivals,
    assert_no_leak_across,
    live_sequence,
    release_all,
    simple_input,
    snapshot_sequences,
    tree,
)

R = measures.RESPONSES
# org 1 > services 2 and 6; service 2 > teams 3, 4, 5
UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (5, 2), (6, 1))


def released_plans(
    epochs: list[dict[int, int]],
    *,
    closes: bool = False,
    k: int = 5,
    units: tuple[UnitNode, ...] = UNITS,
) -> list[PublicationPlan]:
    """Plan and release each snapshot in turn; check every release alone and all together."""
    inputs, arrivals = live_sequence(units, epochs, k=k, closes=closes)
    released = release_all(inputs)
    for _, plan_input, plan in released:
        for audit in audit_plan(plan, plan_input):
            assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
    assert_no_leak_across(released, arrivals)
    assert len(released) == len(epochs), "every snapshot here adds k responses"
    return [plan for _, _, plan in released]


def naive_leak(epochs: list[dict[int, int]], shown: list[list[int]], k: int = 5) -> int:
    """People in the smallest group derivable if release e showed the nodes shown[e] (the plan
    without the cross-snapshot rule); 0 when nothing small is derivable."""
    arrivals: Arrivals = {"responses": {}}
    for e, arrived in enumerate(epochs):
        for unit in UNITS:
            arrivals["responses"][unit.unit_id, e] = arrived.get(unit.unit_id, 0)
    below = {1: {1, 2, 3, 4, 5, 6}, 2: {2, 3, 4, 5}, 3: {3}, 4: {4}, 5: {5}, 6: {6}}
    cells = [
        frozenset((u, f) for u in below[node] for f in range(e + 1))
        for e, nodes in enumerate(shown)
        for node in nodes
    ]
    found = find_derivable_group(cells, arrivals["responses"], k)
    return found.people if found.verdict is Verdict.LEAK else 0


def test_a_team_that_grew_by_one_is_not_shown_again() -> None:
    # Team 3 had 7 in the first release and 8 in the second: the difference is one person.
    first, second = released_plans([{3: 7, 4: 10, 6: 12}, {3: 1, 4: 5}])
    assert first.n(3, R) == 7
    assert second.cell(3, R).reason is Reason.CHANGED_TOO_LITTLE
    # the service absorbs the one newcomer with team 4's five, and stays shown
    assert second.cell(4, R).reason is Reason.PROTECTS_ANOTHER_CELL
    assert second.n(2, R) == 23
    assert second.n(6, R) == 12  # unchanged: nothing new to learn
    assert naive_leak([{3: 7, 4: 10, 6: 12}, {3: 1, 4: 5}], [[1, 2, 3, 4, 6]] * 2) == 1


def test_parent_minus_siblings_across_snapshots_is_protected() -> None:
    # Service 2's own staff: 5 then 6. Every shown cell changed by 0 or >= 5, but
    # (service 2 now - then) - (team 3 now - then) - (team 4 now - then) is that one person.
    epochs = [{2: 5, 3: 10, 4: 10, 6: 12}, {2: 1, 3: 5}]
    assert naive_leak(epochs, [[1, 2, 3, 4, 6]] * 2) == 1
    first, second = released_plans(epochs)
    assert first.n(2, R) == 25
    assert second.n(2, R) == 31
    assert second.cell(3, R).reason is Reason.PROTECTS_ANOTHER_CELL
    assert second.n(4, R) == 10


def test_a_live_snapshot_shows_no_cell_the_last_release_hid() -> None:
    first, second = released_plans([{3: 4, 4: 10, 6: 12}, {3: 5}])
    assert first.cell(3, R).reason is Reason.BELOW_MINIMUM
    assert second.cell(3, R).reason is Reason.NOT_IN_EARLIER_RELEASE
    assert second.cell(3, measures.question("q1")).reason is Reason.NOT_IN_EARLIER_RELEASE


def test_a_new_cell_after_live_releases_cannot_uncover_an_earlier_region() -> None:
    # First release: service 2 = 8 (team 3: 6, team 4: 2), team 3 hidden to protect team 4.
    # At close team 3 still has 6: service 2 then (8) - team 3 now (6) = team 4's first two.
    epochs = [{3: 6, 4: 2, 6: 10}, {4: 5, 6: 5}]
    assert naive_leak(epochs, [[1, 2, 6], [1, 2, 3, 4, 6]]) == 2
    first, final = released_plans(epochs, closes=True)
    assert first.cell(3, R).reason is Reason.PROTECTS_ANOTHER_CELL
    assert final.cell(3, R).reason is Reason.CHANGED_TOO_LITTLE
    assert final.cell(4, R).reason is Reason.CHANGED_TOO_LITTLE
    assert final.n(2, R) == 13


def test_a_closed_wave_shows_new_cells_that_no_history_can_split() -> None:
    first, final = released_plans([{3: 10, 6: 12}, {3: 5, 4: 20}], closes=True)
    assert first.cell(4, R).reason is Reason.BELOW_MINIMUM
    assert final.n(4, R) == 20  # nobody in team 4 had answered at the first release
    assert final.n(3, R) == 15


def test_a_new_cell_that_fails_alone_goes_first() -> None:
    # At the first release the organisation's 15 were team 6's 12 and team 3's 3. At close,
    # team 3 (6) minus those 3 would be its three newcomers: team 3 goes, and so does every
    # cell left holding just team 3's people beside the organisation (service 2, then team 4,
    # whose 20 would leave the organisation's own region as team 3's six).
    first, final = released_plans([{3: 3, 6: 12}, {3: 3, 4: 20}], closes=True)
    assert first.n(1, R) == 15
    assert final.cell(3, R).reason is Reason.CHANGED_TOO_LITTLE
    assert final.cell(2, R).reason is Reason.CHANGED_TOO_LITTLE
    assert final.cell(4, R).reason is Reason.CHANGED_TOO_LITTLE
    assert final.n(1, R) == 38


def test_three_releases_can_leak_where_no_two_do() -> None:
    # The organisation's second release minus its first is the 3 in team 1 plus 1 at the root;
    # a final plan showing team 1 (3, all of them from that step) would give that one away.
    units = tree((0, None), (1, 0), (2, 0))
    epochs = [{0: 3}, {0: 1, 1: 3}, {2: 5}]
    plans = released_plans(epochs, closes=True, k=3, units=units)
    assert [plan.n(0, R) for plan in plans] == [3, 7, 12]
    assert plans[-1].cell(1, R).reason is Reason.CHANGED_TOO_LITTLE


def test_the_final_plan_repeats_what_changed_too_little_since_the_last_release() -> None:
    # Team 6 gained two after the last release: its new 14 (and the organisation's 34) would
    # show those two, so the final plan shows both as the release did, and says so.
    first, final = released_plans([{3: 10, 4: 10, 6: 12}, {6: 2}], closes=True)
    q1 = measures.question("q1")
    for node in (1, 6):
        for measure in (R, q1):
            repeated, released = final.cell(node, measure), first.cell(node, measure)
            assert repeated.is_from_last_release, (node, measure)
            assert (repeated.n, repeated.distribution) == (released.n, released.distribution)
    assert (final.n(1, R), final.n(6, R)) == (32, 12)
    assert final.n(2, R) == first.n(2, R) == 20
    assert not final.cell(2, R).is_from_last_release  # unchanged: shown as it is now


def test_rollups_of_the_first_release_are_kept() -> None:
    first, second = released_plans([{3: 10, 4: 3, 5: 3, 6: 12}, {4: 2, 5: 3}])
    assert first.rollups == second.rollups
    rollup = second.rollup(2)
    assert rollup is not None and rollup.unit_ids == {4, 5}
    assert second.n(rollup.node, R) == 11
    assert second.cell(4, R).reason is Reason.ROLLED_UP


def test_comment_pools_use_k_comments_across_snapshots() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    first = compute_plan(
        simple_input(
            units,
            {2: 10, 3: 10},
            comment_counts={(2, "c"): 10, (3, "c"): 10},
            wave_is_open=True,
            live_results=True,
        )
    )
    second = compute_plan(
        simple_input(
            units,
            {2: 15, 3: 15},
            comment_counts={(2, "c"): 15, (3, "c"): 20},
            wave_is_open=True,
            live_results=True,
            last_released_total=20,
            previous_releases=(Release.of(first),),
        )
    )
    pool = measures.comments("c")
    assert second.cell(2, pool).reason is Reason.CHANGED_TOO_LITTLE  # 5 more, k_comments 10
    assert second.cell(3, pool).reason is Reason.PROTECTS_ANOTHER_CELL  # 10 more: joins them
    assert second.n(1, pool) == 35
    assert second.n(2, R) == 15


def test_breakdowns_are_not_shown_live_nor_after_live_releases() -> None:
    bands = {(2, "nq", "yes"): 6, (2, "nq", "no"): 6, (3, "nq", "no"): 12}
    units = tree((1, None), (2, 1), (3, 1))
    live = simple_input(
        units, {2: 12, 3: 12}, band_counts=bands, wave_is_open=True, live_results=True
    )
    first = compute_plan(live)
    assert first.n(1, R) == 24
    assert first.cell(1, measures.band("nq", "yes")).reason is Reason.BREAKDOWN_NOT_LIVE
    # a stored plan can be given as it is
    after = replace(live, wave_is_open=False, previous_releases=(first,))
    assert compute_plan(after).cell(1, measures.band("nq", "no")).reason is (
        Reason.BREAKDOWN_NOT_LIVE
    )
    closed = replace(live, wave_is_open=False)
    assert compute_plan(closed).n(1, measures.band("nq", "no")) == 18


def test_releases_may_be_given_as_plain_cell_counts() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    plain = {(1, R): 20, (2, R): 10, (3, R): 10}
    plan = compute_plan(
        simple_input(
            units,
            {2: 11, 3: 15},
            wave_is_open=True,
            live_results=True,
            last_released_total=20,
            previous_releases=(plain,),
        )
    )
    assert plan.cell(2, R).reason is Reason.CHANGED_TOO_LITTLE
    # the organisation's own region would then be team 2's one newcomer: team 3 joins it
    assert plan.cell(3, R).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, R) == 26


def test_subset_sums_within_the_threshold_are_leaks() -> None:
    assert not leaks([8], [3], 5)  # 8 - 3 = 5
    assert leaks([8], [4], 5)  # 8 - 4 = 4
    assert not leaks([8], [8], 5)  # exactly the same people: nothing new
    assert leaks([7, 8], [10, 6], 5)  # 7 - 6 = 1
    assert not leaks([10, 10], [5, 5, 5, 5], 5)
    assert leaks([10], [-1, 11], 5)  # counts that fell cannot be trusted
    assert not leaks([], [3], 5)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshot_sequences())
def test_no_small_group_derivable_across_released_snapshots(
    case: tuple[list[PlanInput], Arrivals],
) -> None:
    """Two or three snapshots, each planned with the releases before it: every released plan
    passes the auditor alone, and all of them together leave no small group of (unit, epoch)
    atoms derivable, for respondents, one question's answerers and one comment pool."""
    inputs, arrivals = case
    released = release_all(inputs)
    for _, plan_input, plan in released:
        for audit in audit_plan(plan, plan_input):
            assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
        if plan_input.wave_is_open or plan_input.previous_releases:
            assert not any(measures.is_breakdown(c.measure) for c in plan.published_cells())
    assert_no_leak_across(released, arrivals)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshot_sequences(max_epochs=5, closes=True))
def test_a_closed_wave_shows_at_least_what_its_last_release_showed(
    case: tuple[list[PlanInput], Arrivals],
) -> None:
    """Up to four live releases, then the close: the final plan shows every cell the last
    release showed (as it is now, or as released), except comment pools, whose texts are read
    when shown; and all the plans together still leave no small group derivable."""
    inputs, arrivals = case
    released = release_all(inputs)
    if len(released) < 2 or released[-1][1].wave_is_open:
        return
    (_, _, last), (_, _, final) = released[-2:]
    for cell in last.published_cells():
        if not cell.measure.startswith(measures.COMMENTS):
            assert final.is_published(cell.node, cell.measure), cell
    for cell in final.published_cells():
        if cell.is_from_last_release:
            assert cell == replace(last.cell(cell.node, cell.measure), is_from_last_release=True)
    for _, plan_input, plan in released:
        for audit in audit_plan(plan, plan_input):
            assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
    assert_no_leak_across(released, arrivals)


def closed_after(first: PlanInput, **final: object) -> tuple[PublicationPlan, PublicationPlan]:
    """A live release of ``first``, then the plan of the closed wave with ``final``'s counts."""
    released = compute_plan(first)
    closed = compute_plan(
        replace(first, wave_is_open=False, previous_releases=(released,), **final)  # type: ignore[arg-type]
    )
    return released, closed


def test_a_theme_repeats_the_last_release_with_its_questions() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    first = simple_input(
        units, {2: 10, 3: 10}, themes={"t": ("q1",)}, wave_is_open=True, live_results=True
    )
    released, final = closed_after(
        first,
        responses={2: 12, 3: 10},
        question_answered={(2, "q1"): 12, (3, "q1"): 10},
        question_options={(2, "q1"): {"agree": 12}, (3, "q1"): {"agree": 10}},
    )
    theme = measures.theme("t")
    assert final.cell(2, theme) == replace(released.cell(2, theme), is_from_last_release=True)
    assert final.n(1, theme) == 20 and final.cell(1, theme).is_from_last_release
    assert final.n(3, theme) == 10 and not final.cell(3, theme).is_from_last_release


def test_a_theme_shown_anew_is_marked_when_one_of_its_questions_repeats() -> None:
    # Five more people in team 2, but only one more answered q1: the responses are shown as
    # they are now, q1 as released, and the theme (q1's score) is marked as the release's.
    units = tree((1, None), (2, 1), (3, 1))
    first = simple_input(
        units, {2: 10, 3: 10}, themes={"t": ("q1",)}, wave_is_open=True, live_results=True
    )
    _, final = closed_after(
        first,
        responses={2: 15, 3: 10},
        question_answered={(2, "q1"): 11, (3, "q1"): 10},
        question_options={(2, "q1"): {"agree": 11}, (3, "q1"): {"agree": 10}},
    )
    assert final.n(2, R) == 15 and not final.cell(2, R).is_from_last_release
    assert final.n(2, measures.question("q1")) == 10
    assert final.cell(2, measures.question("q1")).is_from_last_release
    theme = final.cell(2, measures.theme("t"))
    assert (theme.n, theme.is_from_last_release) == (15, True)


def test_answers_a_release_did_not_give_cannot_be_repeated() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    plain = {(1, R): 20, (2, R): 10, (3, R): 10, (1, "question:q1"): 20}
    final = compute_plan(
        simple_input(units, {2: 11, 3: 10}, previous_releases=(plain,), last_released_total=20)
    )
    assert final.cell(1, R) == Cell(1, R, 20, is_from_last_release=True)
    assert final.cell(1, measures.question("q1")).reason is Reason.CHANGED_TOO_LITTLE


def test_comment_pools_are_not_repeated() -> None:
    units = tree((1, None), (2, 1), (3, 1))
    first = simple_input(
        units,
        {2: 10, 3: 10},
        comment_counts={(2, "c"): 10, (3, "c"): 10},
        wave_is_open=True,
        live_results=True,
    )
    released, final = closed_after(first, comment_counts={(2, "c"): 11, (3, "c"): 10})
    pool = measures.comments("c")
    assert released.n(1, pool) == 20
    assert final.cell(1, pool).reason is Reason.CHANGED_TOO_LITTLE
    assert final.n(1, R) == 20 and not final.cell(1, R).is_from_last_release


def test_a_final_plan_is_not_a_release() -> None:
    _, final = released_plans([{3: 10, 4: 10, 6: 12}, {6: 2}], closes=True)
    with pytest.raises(ValueError, match="repeats an earlier release"):
        Release.of(final)
