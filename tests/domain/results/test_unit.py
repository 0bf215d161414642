"""One unit's results, built only from the plan: numbers from published cells, words otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason, Usefulness, measures
from surveyapp.domain.results import (
    Shown,
    Supervision,
    question_result,
    subtree_headcount,
    theme_result,
    unit_results,
    why_hidden,
)
from surveyapp.domain.results.reasons import AS_LAST_RELEASED
from tests.domain.results.support import BANK, TREE, council, person, plan_for

SUPERVISION = BANK.question("last_supervision")


def hand_made(*cells: Cell) -> PublicationPlan:
    return PublicationPlan(k=5, k_comments=10, cells=cells, usefulness=Usefulness(1, 1, 1))


def test_the_organisation_s_results() -> None:
    _, plan = plan_for(council(), comments={3: 6, 6: 6})
    results = unit_results(plan, BANK, TREE, 1)
    assert (results.responses, results.hidden, results.headcount) == (28, None, 38)
    assert results.response_rate == pytest.approx(100 * 28 / 38)
    morale, trust = results.themes
    assert morale.score is not None and (morale.score.favourable, morale.score.n) == (44, 56)
    assert trust.score is not None and trust.score.percent == 100
    valued = results.questions[0]
    assert (valued.n, valued.options[3].count, valued.options[3].percent) == (28, 16, 100 * 16 / 28)
    assert [o.label for o in valued.options][0] == "Strongly disagree"
    assert results.recommend is not None and results.recommend.score == 100
    assert results.comment_pools == (("keep", "What should we keep?", None),)
    assert not results.repeats_last_release


def test_a_unit_too_small_shows_no_number() -> None:
    _, plan = plan_for(council())
    results = unit_results(plan, BANK, TREE, 4)
    assert results.responses is None and results.response_rate is None
    assert results.hidden == "included in “other teams”"
    assert results.questions[0].hidden == "fewer than 5 responses"
    assert results.questions[0].options == () and results.questions[0].score is None
    assert results.recommend is None
    assert results.comment_pools == (
        ("keep", "What should we keep?", "fewer than 10 people commented"),
    )


def test_a_unit_hidden_for_another_reason_says_that_reason() -> None:
    """A 38-person organisation hidden because too few arrived since the last live update is
    not "fewer than 5 responses" (issue 12)."""
    plan = hand_made(
        Cell(1, measures.RESPONSES, reason=Reason.CHANGED_TOO_LITTLE),
        Cell(1, measures.theme("morale"), reason=Reason.CHANGED_TOO_LITTLE),
    )
    results = unit_results(plan, BANK, TREE, 1)
    assert results.hidden == why_hidden(Reason.CHANGED_TOO_LITTLE, 5, 10)
    assert "fewer than" not in results.hidden
    assert results.themes[0].hidden == results.hidden


def test_a_question_nobody_was_asked_had_nobody_to_count() -> None:
    _, plan = plan_for(council(u3=[person(speak_up="") for _ in range(10)]))
    assert question_result(plan, 99, SUPERVISION).hidden == "fewer than 5 responses"
    trust = theme_result(plan, 3, BANK, "trust")
    assert trust.hidden == "some of its questions are hidden" and trust.score is None


def test_a_theme_needs_every_one_of_its_questions() -> None:
    # Six of team 3 skipped "drained": it is hidden there, and so is the morale theme.
    people = [person(drained="") for _ in range(6)] + [person() for _ in range(4)]
    _, plan = plan_for(council(u3=people))
    assert question_result(plan, 3, BANK.question("drained")).hidden == "fewer than 5 responses"
    assert theme_result(plan, 3, BANK, "morale").hidden == "some of its questions are hidden"
    assert theme_result(plan, 3, BANK, "trust").score is not None


def test_a_published_theme_without_any_answers_to_score_is_not_shown_as_zero() -> None:
    plan = hand_made(Cell(1, measures.theme("trust"), 12))
    assert theme_result(plan, 1, BANK, "trust").hidden == "some of its questions are hidden"


def test_the_heatmap_shows_children_and_the_other_teams_row() -> None:
    _, plan = plan_for(council())
    service = unit_results(plan, BANK, TREE, 2).heatmap
    assert [(row.label, row.responses, row.hidden) for row in service] == [
        ("Team C", 10, None),
        ("Team D", None, "included in “other teams”"),
        ("Team E", None, "included in “other teams”"),
        ("other teams in Service", 6, None),
    ]
    assert service[-1].pooled == {4, 5} and service[-1].unit_id is None
    assert service[-1].is_visible_to(frozenset({2, 3, 4, 5}))
    assert not service[-1].is_visible_to(frozenset({2, 4}))
    assert service[0].themes[0].score is not None
    council_rows = unit_results(plan, BANK, TREE, 1).heatmap
    assert [row.label for row in council_rows] == ["Service", "Team F"]
    assert unit_results(plan, BANK, TREE, 3).heatmap == ()


def test_supervision_within_a_month() -> None:
    people = [person(last_supervision="week") for _ in range(4)]
    people += [person(last_supervision="longer") for _ in range(6)]
    _, plan = plan_for(council(u3=people))
    found = unit_results(plan, BANK, TREE, 3).supervision
    assert found is not None and found.hidden is None
    assert (found.within, found.n, found.percent_within) == (4, 10, 40.0)
    assert found.within_standard is None and found.percent_within_standard is None
    hidden = unit_results(plan, BANK, TREE, 4).supervision
    assert hidden == Supervision(
        hidden="fewer than 5 responses", reason=Reason.BELOW_MINIMUM, max_days=31
    )
    assert hidden.percent_within == 0.0 and hidden.percent_within_standard is None


def test_supervision_holds_newly_qualified_staff_to_their_standard() -> None:
    # 12 answered: 7 within the week, 5 within the month. Of the 6 newly qualified, 2 had it
    # within the month but not the fortnight: 12 - 5 + ... = 10 within the standard.
    band = measures.band_question("role", "newly_qualified", "last_supervision")
    plan = hand_made(
        Cell(1, measures.question("last_supervision"), 12, None, (("month", 5), ("week", 7))),
        Cell(1, band, 6, None, (("month", 2), ("week", 4))),
    )
    found = unit_results(plan, BANK, TREE, 1).supervision
    assert found is not None and (found.within, found.within_standard) == (12, 10)
    assert found.percent_within_standard == pytest.approx(100 * 10 / 12)
    assert found.newly_qualified_max_days == 14
    withheld = hand_made(
        plan.cell(1, measures.question("last_supervision")),
        Cell(1, band, None, Reason.BREAKDOWN_WITHHELD),
    )
    assert unit_results(withheld, BANK, TREE, 1).supervision.within_standard is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "standard",
    [
        None,
        BANK.supervision_standard and replace(BANK.supervision_standard, role_dimension=None),
        BANK.supervision_standard
        and replace(BANK.supervision_standard, newly_qualified_max_days=None),
    ],
)
def test_supervision_without_a_standard_for_newly_qualified_staff(standard: object) -> None:
    _, plan = plan_for(council())
    bank = replace(BANK, supervision_standard=standard)
    found = unit_results(plan, bank, TREE, 1).supervision
    if standard is None:
        assert found is None
        assert not unit_results(plan, bank, TREE, 1).repeats_last_release
    else:
        assert found is not None and found.within == 28 and found.within_standard is None


def test_values_repeated_from_the_last_live_update_say_so() -> None:
    plan_input, released = plan_for(council(), wave_is_open=True, live_results=True)
    later = council(u6=[person(valued="2") for _ in range(14)])  # two more in team 6
    _, final = plan_for(later, previous_releases=(released,), last_released_total=28)
    results = unit_results(final, BANK, TREE, 1)
    assert (results.responses, results.responses_note) == (28, AS_LAST_RELEASED)
    assert results.recommend_note == AS_LAST_RELEASED
    assert {t.note for t in results.themes} == {AS_LAST_RELEASED}
    assert {q.note for q in results.questions} == {AS_LAST_RELEASED}
    assert results.supervision is not None and results.supervision.note == AS_LAST_RELEASED
    rows = {row.label: row for row in results.heatmap}
    assert (rows["Team F"].responses, rows["Team F"].note) == (12, AS_LAST_RELEASED)
    assert (rows["Service"].responses, rows["Service"].note) == (16, None)
    assert results.repeats_last_release
    service = unit_results(final, BANK, TREE, 2)
    assert service.responses_note is None and service.repeats_last_release is False
    assert unit_results(final, BANK, TREE, 6).heatmap == ()


def test_headcount_counts_everyone_below() -> None:
    assert subtree_headcount(TREE, 1) == 38
    assert subtree_headcount(TREE, 2) == 21
    assert subtree_headcount(TREE, 6) == 15
    assert subtree_headcount(TREE, 99) == 0


def test_every_hidden_value_carries_the_plan_s_code_beside_its_words() -> None:
    """Machines read the code (the API's ``reason_code``), people the words: they must agree."""
    _, plan = plan_for(council(u3=[person(drained="") for _ in range(6)]))
    found = 0
    for unit in TREE:
        results = unit_results(plan, BANK, TREE, unit.unit_id)
        shown: list[Shown] = [*results.themes, *results.questions, *results.heatmap]
        shown += [theme for row in results.heatmap for theme in row.themes]
        shown += [] if results.supervision is None else [results.supervision]
        pairs = [(value.hidden, value.reason) for value in shown]
        for hidden, reason in [*pairs, (results.hidden, results.reason)]:
            assert (hidden is None) == (reason is None), (unit, hidden, reason)
            if reason is not None:
                assert hidden == why_hidden(reason, plan.k, plan.k_comments)
                found += 1
    assert found > 20
