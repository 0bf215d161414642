"""Inputs are checked on construction; thresholds never fall below 3."""

from __future__ import annotations

import pytest

from surveyapp.domain.disclosure import (
    PlanInput,
    Release,
    ThresholdError,
    UnitNode,
    check_thresholds,
)
from tests.domain.disclosure.support import tree

UNITS = tree((1, None), (2, 1), (3, 2))


def make(**changes: object) -> PlanInput:
    fields: dict[str, object] = {"units": UNITS, "k": 5, "k_comments": 10, "responses": {3: 6}}
    fields.update(changes)
    return PlanInput(**fields)  # type: ignore[arg-type]


def test_k_below_three_is_refused() -> None:
    with pytest.raises(ThresholdError, match="at least 3"):
        make(k=2, k_comments=10)
    make(k=3, k_comments=3)


def test_k_comments_below_k_is_refused() -> None:
    with pytest.raises(ThresholdError, match="k_comments"):
        make(k=5, k_comments=4)


def test_the_threshold_rule_on_its_own() -> None:
    check_thresholds(3, 3)
    with pytest.raises(ThresholdError, match="at least 3"):
        check_thresholds(2, 10)
    with pytest.raises(ThresholdError, match="k_comments"):
        check_thresholds(6, 5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units": ()}, "empty"),
        ({"units": (*UNITS, UnitNode(3, 1, "again"))}, "unique"),
        ({"units": (*UNITS, UnitNode(4, None, "second root"))}, "exactly one root"),
        ({"units": (*UNITS, UnitNode(4, 9, "orphan"))}, "unknown parent"),
        ({"units": (*UNITS, UnitNode(4, 5, "a"), UnitNode(5, 4, "b"))}, "cycle"),
        ({"breakdown_units": frozenset({9})}, "breakdown units"),
        ({"responses": {9: 1}}, "unknown unit"),
        ({"responses": {3: -1}}, "negative"),
        ({"question_answered": {(3, "q:1"): 1}}, "no ':'"),
        ({"question_answered": {(3, "q1"): 7}}, "more answers"),
        ({"question_options": {(3, "q1"): {"agree": 2}}}, "option counts"),
        ({"question_options": {(3, "q1"): {"agree": -1}}}, "negative"),
        ({"themes": {"t": ()}}, "no questions"),
        ({"themes": {"": ("q1",)}}, "non-empty"),
        ({"themes": {"t": ("q:1",)}}, "no ':'"),
        ({"comment_counts": {(3, "c:1"): 1}}, "no ':'"),
        ({"comment_counts": {(3, "c"): -2}}, "negative"),
        ({"band_counts": {(3, "d:1", "a"): 1}}, "no ':'"),
        ({"band_counts": {(3, "d", ""): 1}}, "empty band"),
        ({"band_counts": {(3, "d", "a"): 4, (3, "d", "b"): 3}}, "more d bands"),
        ({"last_released_total": -1}, "negative"),
        # band-question counts
        ({"band_question_answered": {(3, "d:1", "a", "q1"): 1}}, "no ':'"),
        ({"band_question_answered": {(3, "d", "a", "q:1"): 1}}, "no ':'"),
        ({"band_question_answered": {(3, "d", "", "q1"): 1}}, "empty band"),
        ({"band_question_answered": {(9, "d", "a", "q1"): 1}}, "unknown unit"),
        ({"band_question_answered": {(3, "d", "a", "q1"): -1}}, "negative"),
        ({"band_question_answered": {(3, "d", "a", "q1"): 1}}, "band's respondents"),
        (
            {
                "band_counts": {(3, "d", "a"): 3, (3, "d", "b"): 3},
                "question_answered": {(3, "q1"): 5},
                "band_question_answered": {(3, "d", "a", "q1"): 3, (3, "d", "b", "q1"): 3},
            },
            "more d band answers",
        ),
        ({"band_question_options": {(3, "d", "a", "q1"): {"x": -1}}}, "negative"),
        ({"band_question_options": {(3, "d", "a", "q1"): {"x": 1}}}, "option counts"),
        # joint counts and priority
        ({"breakdown_dimensions": ("d:1",)}, "no ':'"),
        ({"breakdown_dimensions": ("d", "d")}, "twice"),
        ({"joint_band_counts": {(9, ()): 1}}, "unknown unit"),
        ({"joint_band_counts": {(3, ()): -1}}, "negative"),
        ({"joint_band_counts": {(3, (("e", "a"), ("d", "a"))): 6}}, "sorted"),
        ({"joint_band_counts": {(3, (("d", "a"), ("d", "b"))): 6}}, "sorted"),
        ({"joint_band_counts": {(3, (("d:1", "a"),)): 6}}, "no ':'"),
        ({"joint_band_counts": {(3, (("d", ""),)): 6}}, "empty band"),
        ({"joint_band_counts": {(3, ()): 5}}, "add up"),
        ({"joint_band_counts": {(3, (("d", "a"),)): 6}}, "disagree"),
        (
            {"band_counts": {(3, "d", "a"): 6}, "joint_band_counts": {(3, ()): 6}},
            "disagree",
        ),
        # earlier releases
        ({"previous_releases": ({(3, "band:d:a"): 6},)}, "demographic"),
        ({"previous_releases": ({(9, "responses"): 6},)}, "unknown node"),
        ({"previous_releases": ({(3, "responses"): -6},)}, "negative"),
        ({"previous_releases": ({("other:2", "responses"): 6},)}, "pass a Release"),
        (
            {"previous_releases": (Release({}, {"other:1": frozenset({3})}),)},
            "parent it names",
        ),
        ({"previous_releases": (Release({}, {"other:2": frozenset()}),)}, "parent it names"),
        ({"previous_releases": (Release({}, {"other:1": frozenset({1})}),)}, "parent it names"),
        (
            {
                "units": (*UNITS, UnitNode(4, 2, "u4")),
                "previous_releases": (
                    Release({}, {"other:2": frozenset({3})}),
                    Release({}, {"other:2": frozenset({3, 4})}),
                ),
            },
            "different units",
        ),
        (
            {"previous_releases": ({(3, "responses"): 6}, {(2, "responses"): 6})},
            "subset",
        ),
        (
            {"previous_releases": ({(3, "responses"): 6}, {(3, "question:q1"): 6})},
            "subset",
        ),
        (
            {"previous_releases": (Release({}, distributions={(3, "question:q1"): ()}),)},
            "belong to a released cell",
        ),
    ],
)
def test_inconsistent_inputs_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(**changes)


def test_derived_views_of_the_input() -> None:
    plan_input = make(
        question_answered={(3, "q2"): 1},
        question_options={(3, "q2"): {"agree": 1}},
        themes={"t": ("q1", "q2")},
        comment_counts={(3, "c"): 1},
        band_counts={(3, "role", "b"): 1, (3, "role", "a"): 2},
    )
    assert plan_input.root_id == 1
    assert plan_input.question_keys == ("q1", "q2")
    assert plan_input.prompts == ("c",)
    assert dict(plan_input.dimensions) == {"role": ("a", "b")}
    assert plan_input.breakdown_at == (1,)
    assert plan_input.total_responses == 6
    assert make(breakdown_units=frozenset({3, 2})).breakdown_at == (2, 3)


def test_dimension_priority_and_band_question_views() -> None:
    plan_input = make(
        responses={3: 6},
        question_answered={(3, "q1"): 6},
        band_counts={(3, "role", "a"): 3, (3, "site", "x"): 2},
        band_question_answered={(3, "role", "a", "q2"): 0, (3, "unknown", "a", "q1"): 0},
        band_question_options={(3, "role", "a", "q1"): {}},
        breakdown_dimensions=("site", "nowhere"),
    )
    assert plan_input.dimension_order == ("site", "role")
    assert dict(plan_input.band_questions) == {"role": ("q1", "q2")}
    assert plan_input.question_keys == ("q1", "q2")


def test_releases_can_be_given_in_three_forms() -> None:
    release = Release({(3, "responses"): 6, (3, "theme:t"): 6})
    plan_input = make(previous_releases=(release, {(3, "responses"): 6, (3, "theme:u"): 6}))
    assert plan_input.releases[0] is release
    assert plan_input.releases[1].cells == {(3, "responses"): 6, (3, "theme:u"): 6}
