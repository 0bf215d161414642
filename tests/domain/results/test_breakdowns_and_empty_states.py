"""Breakdowns show only the band cells the plan publishes, and say why otherwise; a unit with
no results gets one sentence with its reason."""

from __future__ import annotations

import datetime as dt

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason, Usefulness, measures
from surveyapp.domain.results import breakdowns, no_results_sentence
from surveyapp.domain.results.breakdowns import NOT_BROKEN_DOWN_HERE
from tests.domain.results.support import BANK

ROLE_BANK_CELLS = (
    Cell(1, measures.band("role", "newly_qualified"), n=6),
    Cell(1, measures.band("role", "social_worker"), n=20),
    Cell(1, measures.band("role", "prefer_not_to_say"), reason=Reason.PROTECTS_ANOTHER_CELL),
    Cell(
        1,
        measures.band_question("role", "newly_qualified", "last_supervision"),
        n=6,
        distribution=(("week", 3), ("longer", 3)),
    ),
)


def plan(*cells: Cell) -> PublicationPlan:
    return PublicationPlan(k=5, k_comments=10, cells=cells, usefulness=Usefulness(1, 1, 1))


def bank_with_roles():  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from surveyapp.domain.banks import Demographic, Option

    roles = Demographic(
        "role",
        "Which best describes your role?",
        (
            Option("newly_qualified", "Newly qualified"),
            Option("social_worker", "Social worker"),
            Option("prefer_not_to_say", "Prefer not to say"),
        ),
    )
    service = Demographic(
        "length_of_service",
        "How long?",
        (Option("short", "Under a year"), Option("prefer_not_to_say", "Prefer not to say")),
    )
    return replace(BANK, demographics=(roles, service))


def test_published_bands_are_shown_and_the_rest_say_why() -> None:
    withheld = Cell(
        1, measures.band("length_of_service", "short"), reason=Reason.BREAKDOWN_WITHHELD
    )
    role, service = breakdowns(plan(*ROLE_BANK_CELLS, withheld), bank_with_roles(), 1)
    assert (role.title, role.hidden) == ("Role", None)
    newly, worker, unsaid = role.bands
    assert (newly.responses, newly.supervised_within) == (6, 50.0)
    assert (worker.responses, worker.supervised_within) == (20, None)
    assert unsaid.responses is None and unsaid.hidden == (
        "hidden so that a smaller group cannot be worked out"
    )
    assert service.title == "Length of service" and service.bands == ()
    assert service.hidden == "not shown: it could be combined with team results"


def test_a_unit_with_no_band_cells_is_not_broken_down() -> None:
    role, service = breakdowns(plan(*ROLE_BANK_CELLS), bank_with_roles(), 2)
    assert role.hidden == service.hidden == NOT_BROKEN_DOWN_HERE


def test_one_sentence_says_why_a_unit_has_no_results() -> None:
    def say(reason: Reason, parent: str | None = "Safeguarding") -> str:
        return no_results_sentence(reason, 5, 10, "Team A", parent, dt.date(2026, 12, 18))

    assert (
        say(Reason.WAVE_STILL_OPEN) == "Results are hidden until the survey closes on 18 December."
    )
    assert say(Reason.BELOW_MINIMUM) == (
        "Fewer than 5 people in Team A answered, so its results are only counted in Safeguarding's."
    )
    assert say(Reason.BELOW_MINIMUM, None) == "Fewer than 5 people in Team A answered."
    assert "“other teams” in Safeguarding" in say(Reason.ROLLED_UP)
    assert say(Reason.PROTECTS_ANOTHER_CELL).startswith("Team A's results are hidden so that")
    assert say(Reason.NOT_RELEASED) == "No results for Team A: waiting for more responses."
    assert no_results_sentence(Reason.WAVE_STILL_OPEN, 5, 10, "T", None, None) == (
        "Results are hidden until the survey closes."
    )
