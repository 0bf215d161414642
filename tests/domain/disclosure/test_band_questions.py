"""Per-question results inside a demographic band: rules, nesting, and the auditor gate."""

from __future__ import annotations

from surveyapp.domain.disclosure import (
    PlanInput,
    PublicationPlan,
    Reason,
    Verdict,
    audit_plan,
    compute_plan,
    find_derivable_group,
    measures,
)
from surveyapp.domain.disclosure.families import band_question_family, unit_sets
from tests.domain.disclosure.support import tree

# org 1 > services 2 and 6; service 2 > teams 3, 4
UNITS = tree((1, None), (2, 1), (3, 2), (4, 2), (6, 1))
RESPONSES = {3: 10, 4: 10, 6: 12}
BANDS = {(3, "role", "nq"): 5, (3, "role", "sw"): 5, (4, "role", "sw"): 10}
BANDS |= {(6, "role", "nq"): 6, (6, "role", "sw"): 6}
NQ = measures.band_question("role", "nq", "q")
SW = measures.band_question("role", "sw", "q")


def plan_for(
    answered: dict[tuple[int, str, str], int],
    question: dict[int, int] | None = None,
    *,
    responses: dict[int, int] = RESPONSES,
    bands: dict[tuple[int, str, str], int] = BANDS,
    **extra: object,
) -> tuple[PlanInput, PublicationPlan]:
    """Band answer counts for question "q" as (unit, dimension, band) -> n; everyone in a band
    who answered chose "yes" in team 3 and "no" elsewhere."""
    per_band = {(u, d, b, "q"): n for (u, d, b), n in answered.items()}
    totals = question or {u: n for u, n in responses.items()}
    plan_input = PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses=responses,
        question_answered={(u, "q"): n for u, n in totals.items()},
        question_options={(u, "q"): {"yes": n} for u, n in totals.items()},
        band_counts=bands,
        band_question_answered=per_band,
        band_question_options={
            key: {"yes" if key[0] == 3 else "no": n} for key, n in per_band.items()
        },
        **extra,  # type: ignore[arg-type]
    )
    plan = compute_plan(plan_input)
    for audit in audit_plan(plan, plan_input):
        assert audit.result.verdict is Verdict.SAFE, (audit.family, audit.result)
    return plan_input, plan


def test_a_question_is_broken_down_by_band_with_its_answers() -> None:
    _, plan = plan_for(BANDS)
    assert NQ == "band_question:role:nq:q"
    assert plan.n(1, NQ) == 11
    assert plan.cell(1, NQ).distribution == (("no", 6), ("yes", 5))
    assert plan.n(1, SW) == 21
    assert plan.cell(1, SW).distribution == (("no", 16), ("yes", 5))
    assert plan.n(1, measures.band("role", "nq")) == 11


def test_fewer_than_k_answers_in_a_band_hide_that_cell() -> None:
    # 11 newly qualified people, only 4 of them answered. Of the 25 answers the shown bands
    # would hold 16 + 5, leaving those 4: prefer-not-to-say (5) goes too, leaving 9.
    bands = BANDS | {(6, "role", "sw"): 1, (6, "role", "pnts"): 5}
    answered = bands | {(3, "role", "nq"): 4, (6, "role", "nq"): 0}
    _, plan = plan_for(answered, {3: 9, 4: 10, 6: 6}, bands=bands)
    assert plan.n(1, measures.band("role", "nq")) == 11
    assert plan.cell(1, NQ).reason is Reason.BELOW_MINIMUM
    pnts = measures.band_question("role", "pnts", "q")
    assert plan.cell(1, pnts).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, SW) == 16


def test_the_answerers_outside_the_shown_bands_are_protected() -> None:
    # 25 answered; nq 6 and sw 16 answered, so 3 answered but gave no band: hide the smaller.
    bands = BANDS | {(3, "role", "sw"): 2}
    responses = {3: 10, 4: 10, 6: 12}
    answered = {(3, "role", "nq"): 0, (6, "role", "nq"): 6}
    answered |= {(4, "role", "sw"): 10, (6, "role", "sw"): 6, (3, "role", "sw"): 0}
    _, plan = plan_for(answered, {3: 3, 4: 10, 6: 12}, bands=bands, responses=responses)
    assert plan.cell(1, NQ).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, SW) == 16


def test_a_hidden_band_or_a_hidden_question_hides_the_band_question() -> None:
    # two prefer not to say: the newly qualified band cell (11) is hidden to protect them
    bands = BANDS | {(6, "role", "sw"): 4, (6, "role", "pnts"): 2}
    _, plan = plan_for(bands, bands=bands)
    assert plan.cell(1, measures.band("role", "nq")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.cell(1, NQ).reason is Reason.PROTECTS_ANOTHER_CELL
    # only 3 answered in service 6: the organisation's cell for the question is hidden
    answered = BANDS | {(6, "role", "nq"): 0, (6, "role", "sw"): 3}
    _, plan = plan_for(answered, {3: 10, 4: 10, 6: 3})
    assert plan.cell(1, measures.question("q")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, measures.band("role", "nq")) == 11
    assert plan.cell(1, NQ).reason is Reason.PROTECTS_ANOTHER_CELL


def test_every_newly_qualified_answer_in_one_team_withholds_the_question() -> None:
    # The band cells are safe (11 newly qualified in two teams), but only team 3's 5 answered
    # the question: team 3's 8 answers minus the newly qualified 5 would be its other three.
    answered = BANDS | {(3, "role", "sw"): 3, (6, "role", "nq"): 0}
    plan_input, plan = plan_for(answered, {3: 8, 4: 10, 6: 6})
    assert plan.n(1, measures.band("role", "nq")) == 11
    assert plan.cell(1, NQ).reason is Reason.BREAKDOWN_WITHHELD
    assert plan.cell(1, SW).reason is Reason.BREAKDOWN_WITHHELD
    assert plan.n(3, measures.question("q")) == 8
    family = band_question_family(
        plan_input, "role", "q", [1, 2, 3, 4, 6], [(1, "nq")], unit_sets(plan_input, {})
    )
    found = find_derivable_group(family.cells, family.counts, 5)
    assert found.people == 3 and found.group == {(3, "sw")}


def test_band_questions_along_the_tree_between_breakdown_units() -> None:
    # Breakdowns at the organisation and service 2. Newly qualified answers: 9 in all, 5 of
    # them in service 2, so both cells would give away the other 4. Everyone has five more
    # people who answered without giving a role.
    bands = {(3, "role", "nq"): 5, (3, "role", "sw"): 5, (4, "role", "sw"): 10}
    bands |= {(6, "role", "nq"): 4, (6, "role", "sw"): 6}
    everyone = {3: 15, 4: 15, 6: 15}
    _, plan = plan_for(bands, bands=bands, responses=everyone, breakdown_units={1, 2})
    assert plan.cell(2, measures.band("role", "nq")).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.cell(2, NQ).reason is Reason.PROTECTS_ANOTHER_CELL
    assert plan.n(1, NQ) == 9
    assert plan.n(2, SW) == 15
    assert plan.n(1, SW) == 21
    # the same with the band cells shown but the answers splitting 9 / 5: the question's own
    # nesting rule hides the service's cell
    answered = bands | {(3, "role", "nq"): 5, (6, "role", "nq"): 4}
    bands = bands | {(6, "role", "nq"): 6, (6, "role", "sw"): 6}
    _, plan = plan_for(
        answered, bands=bands, responses={3: 15, 4: 15, 6: 17}, breakdown_units={1, 2}
    )
    assert plan.n(2, measures.band("role", "nq")) == 5
    assert plan.n(1, measures.band("role", "nq")) == 11
    assert plan.cell(2, NQ).reason is Reason.PROTECTS_ANOTHER_CELL


def test_band_questions_are_shown_for_the_first_dimension_only() -> None:
    bands = BANDS | {(3, "site", "x"): 10, (4, "site", "y"): 10, (6, "site", "x"): 6}
    bands |= {(6, "site", "y"): 6}
    joint = {
        (3, (("role", "nq"), ("site", "x"))): 5,
        (3, (("role", "sw"), ("site", "x"))): 5,
        (4, (("role", "sw"), ("site", "y"))): 10,
        (6, (("role", "nq"), ("site", "x"))): 6,
        (6, (("role", "sw"), ("site", "y"))): 6,
    }
    answered = bands | {(u, "site", b): 0 for u, d, b in bands if d == "site"}
    _, plan = plan_for(answered, bands=bands, joint_band_counts=joint)
    assert plan.n(1, measures.band("site", "x")) == 16
    assert plan.n(1, NQ) == 11
    site = measures.band_question("site", "x", "q")
    assert plan.cell(1, site).reason is Reason.BELOW_MINIMUM
    answered = bands
    _, plan = plan_for(answered, bands=bands, joint_band_counts=joint)
    assert plan.cell(1, site).reason is Reason.BREAKDOWN_WITHHELD


def test_each_question_is_broken_down_on_its_own() -> None:
    per_band = {(u, d, b, key): n for (u, d, b), n in BANDS.items() for key in ("q", "r")}
    plan_input = PlanInput(
        units=UNITS,
        k=5,
        k_comments=10,
        responses=RESPONSES,
        question_answered={(u, key): n for u, n in RESPONSES.items() for key in ("q", "r")},
        band_counts=BANDS,
        band_question_answered=per_band,
        band_question_options={key: {"yes": n} for key, n in per_band.items()},
    )
    plan = compute_plan(plan_input)
    assert plan.n(1, NQ) == plan.n(1, measures.band_question("role", "nq", "r")) == 11
    assert plan.cell(1, measures.band_question("role", "sw", "r")).distribution == (("yes", 21),)


def test_band_questions_are_not_shown_live() -> None:
    _, plan = plan_for(BANDS, wave_is_open=True, live_results=True)
    assert plan.n(1, measures.question("q")) == 32
    assert plan.cell(1, NQ).reason is Reason.BREAKDOWN_NOT_LIVE
