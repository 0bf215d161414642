"""One sentence, with its reason, where a unit has no results to show.

A page for a hidden unit (an open wave, a team below the minimum group size) shows this and
nothing else: no empty chart frames, no tables of "hidden", no downloads of empty charts.
"""

from __future__ import annotations

import datetime as dt

from surveyapp.domain.disclosure import Reason

from .reasons import why_hidden


def no_results_sentence(
    reason: Reason,
    k: int,
    k_comments: int,
    unit_name: str,
    parent_name: str | None,
    closes_on: dt.date | None,
) -> str:
    """Why ``unit_name`` shows no results, and where its people's answers are counted."""
    counted = f", so its results are only counted in {parent_name}'s" if parent_name else ""
    match reason:
        case Reason.WAVE_STILL_OPEN:
            when = f" on {closes_on.day} {closes_on:%B}" if closes_on else ""
            return f"Results are hidden until the survey closes{when}."
        case Reason.BELOW_MINIMUM:
            return f"Fewer than {k} people in {unit_name} answered{counted}."
        case Reason.ROLLED_UP:
            pool = f" in {parent_name}" if parent_name else ""
            return (
                f"Fewer than {k} people in {unit_name} answered, so its results are counted "
                f"together with other small teams, as “other teams”{pool}."
            )
        case Reason.PROTECTS_ANOTHER_CELL:
            return (
                f"{unit_name}'s results are hidden so that a smaller group cannot be worked out "
                f"from them{counted}."
            )
        case _:
            words = why_hidden(reason, k, k_comments)
            return f"No results for {unit_name}: {words}."
