"""A theme across waves: each wave's published score, and a change only where a test shows one."""

from __future__ import annotations

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason, Usefulness, measures
from surveyapp.domain.results import TrendPoint, theme_trend
from surveyapp.domain.results.reasons import AS_LAST_RELEASED
from surveyapp.domain.scoring import ChangeTest
from tests.domain.results.support import BANK, council, person, plan_for

MORALE = measures.theme("morale")


def wave_where(valued: str, people: int = 10) -> PublicationPlan:
    """A wave in which team 3's ``people`` all answered "valued" with ``valued``."""
    return plan_for(council(u3=[person(valued=valued) for _ in range(people)]))[1]


def test_a_clear_rise_a_clear_fall_and_no_clear_change() -> None:
    plans = [
        ("2024", wave_where("2")),
        ("2025", wave_where("5")),
        ("2026 spring", wave_where("5")),
        ("2026 autumn", wave_where("1")),
    ]
    points = theme_trend(plans, BANK, 3, "morale")
    assert [p.wave_label for p in points] == ["2024", "2025", "2026 spring", "2026 autumn"]
    assert [p.score.percent for p in points if p.score] == [50, 100, 100, 50]
    assert points[0].change is None and points[0].marker == "no clear change"
    assert [p.marker for p in points[1:]] == ["up", "no clear change", "down"]


def test_a_change_is_tested_against_the_last_wave_the_theme_was_shown_in() -> None:
    too_few = wave_where("5", people=3)
    plans = [("2024", wave_where("2")), ("2025", too_few), ("2026", wave_where("5"))]
    first, hidden, last = theme_trend(plans, BANK, 3, "morale")
    assert hidden == TrendPoint(
        hidden="fewer than 5 responses", reason=Reason.BELOW_MINIMUM, wave_label="2025"
    )
    assert last.change is not None and last.change.is_significant and last.marker == "up"
    assert first.score is not None and last.score is not None


def test_a_wave_that_did_not_ask_about_the_unit_says_so() -> None:
    elsewhere = PublicationPlan(
        k=5, k_comments=10, cells=[Cell(6, MORALE, 12)], usefulness=Usefulness(1, 1, 1)
    )
    (point,) = theme_trend([("2023", elsewhere)], BANK, 3, "morale")
    assert point == TrendPoint(hidden="not part of this wave", wave_label="2023")
    assert point.reason is None, "nothing was hidden: there was no cell"


def test_a_score_repeated_from_the_last_live_update_says_so() -> None:
    _, released = plan_for(council(), wave_is_open=True, live_results=True)
    later = council(u3=[person() for _ in range(12)])
    _, final = plan_for(later, previous_releases=(released,), last_released_total=28)
    (point,) = theme_trend([("2026", final)], BANK, 3, "morale")
    assert point.note == AS_LAST_RELEASED and point.score is not None and point.score.n == 20


def test_the_marker_reads_the_test() -> None:
    assert TrendPoint(change=ChangeTest(z=2.5, p_value=0.01)).marker == "up"
    assert TrendPoint(change=ChangeTest(z=-2.5, p_value=0.01)).marker == "down"
    assert TrendPoint(change=ChangeTest(z=1.0, p_value=0.3)).marker == "no clear change"
