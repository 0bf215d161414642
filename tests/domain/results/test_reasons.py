"""Why a hidden cell is hidden: every reason the planner can give has its own plain words."""

from __future__ import annotations

import pytest

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason, Usefulness, measures
from surveyapp.domain.results.reasons import cell_of, reason_of, why_hidden

EVERY_REASON = list(Reason)


@pytest.mark.parametrize("reason", EVERY_REASON, ids=[r.value for r in EVERY_REASON])
def test_every_reason_has_words_of_its_own(reason: Reason) -> None:
    words = why_hidden(reason, 5, 10)
    assert words and words == words.strip() and not words.endswith(".")
    assert words not in {why_hidden(other, 5, 10) for other in Reason if other is not reason}


@pytest.mark.parametrize("reason", EVERY_REASON, ids=[r.value for r in EVERY_REASON])
def test_only_a_group_too_small_is_called_too_small(reason: Reason) -> None:
    """A cell hidden for any other reason may stand for 38 people: "fewer than 5" would be
    false, and would make a reader doubt every other number on the page."""
    words = why_hidden(reason, 5, 10)
    too_small = {
        Reason.BELOW_MINIMUM: "fewer than 5",
        Reason.COMMENTS_BELOW_MINIMUM: "fewer than 10",
    }
    if reason in too_small:
        assert too_small[reason] in words
    else:
        assert "fewer than" not in words and "5" not in words and "10" not in words


def test_a_reason_without_words_fails_loudly() -> None:
    """No fallback: a new reason without words of its own must fail (mypy checks the match is
    exhaustive, this checks it at run time), never borrow another's."""
    with pytest.raises(AssertionError):
        why_hidden("made_up", 5, 10)  # type: ignore[arg-type]


def test_the_thresholds_are_the_wave_s_own() -> None:
    assert why_hidden(Reason.BELOW_MINIMUM, 7, 12) == "fewer than 7 responses"
    assert why_hidden(Reason.COMMENTS_BELOW_MINIMUM, 7, 12) == "fewer than 12 people commented"


def test_words_for_the_reasons_of_live_results() -> None:
    assert "since the last update" in why_hidden(Reason.CHANGED_TOO_LITTLE, 5, 10)
    assert "last update" in why_hidden(Reason.NOT_IN_EARLIER_RELEASE, 5, 10)
    assert "releases results while it is open" in why_hidden(Reason.BREAKDOWN_NOT_LIVE, 5, 10)


def test_a_cell_that_was_never_a_candidate_had_nobody_to_count() -> None:
    plan = PublicationPlan(
        k=5,
        k_comments=10,
        cells=[Cell(1, measures.RESPONSES, reason=Reason.CHANGED_TOO_LITTLE)],
        usefulness=Usefulness(1, 1, 0),
    )
    assert cell_of(plan, 2, measures.RESPONSES) is None
    assert reason_of(plan, 2, measures.RESPONSES) is Reason.BELOW_MINIMUM
    assert reason_of(plan, 1, measures.RESPONSES) is Reason.CHANGED_TOO_LITTLE


def test_a_published_cell_has_no_reason_to_give() -> None:
    plan = PublicationPlan(
        k=5, k_comments=10, cells=[Cell(1, measures.RESPONSES, 12)], usefulness=Usefulness(1, 1, 1)
    )
    with pytest.raises(ValueError, match="is published"):
        reason_of(plan, 1, measures.RESPONSES)
