"""One sentence, with its reason, where a unit has no results to show.

A page for a hidden unit (an open wave, a team below the minimum group size) shows this and
nothing else: no empty chart frames, no tables of "hidden", no downloads of empty charts.
"""

from __future__ import annotations

import datetime as dt

from surveyapp.domain.disclosure import Reason
from surveyapp.domain.wording import Words, month_name, words

from .reasons import why_hidden


def no_results_sentence(
    reason: Reason,
    k: int,
    k_comments: int,
    unit_name: str,
    parent_name: str | None,
    closes_on: dt.date | None,
) -> Words:
    """Why ``unit_name`` shows no results, and where its people's answers are counted."""
    counted: str = ""
    if parent_name:
        counted = words(", so its results are only counted in %(parent)s's", parent=parent_name)
    match reason:
        case Reason.WAVE_STILL_OPEN:
            if closes_on:
                return words(
                    "Results are hidden until the survey closes on %(day)s %(month)s.",
                    day=closes_on.day,
                    month=month_name(closes_on.month),
                )
            return words("Results are hidden until the survey closes.")
        case Reason.BELOW_MINIMUM:
            return words(
                "Fewer than %(k)s people in %(unit)s answered%(counted)s.",
                k=k,
                unit=unit_name,
                counted=counted,
            )
        case Reason.ROLLED_UP:
            if parent_name:
                return words(
                    "Fewer than %(k)s people in %(unit)s answered, so its results are counted "
                    "together with other small teams, as “other teams” in %(parent)s.",
                    k=k,
                    unit=unit_name,
                    parent=parent_name,
                )
            return words(
                "Fewer than %(k)s people in %(unit)s answered, so its results are counted "
                "together with other small teams, as “other teams”.",
                k=k,
                unit=unit_name,
            )
        case Reason.PROTECTS_ANOTHER_CELL:
            return words(
                "%(unit)s's results are hidden so that a smaller group cannot be worked out "
                "from them%(counted)s.",
                unit=unit_name,
                counted=counted,
            )
        case _:
            return words(
                "No results for %(unit)s: %(why)s.",
                unit=unit_name,
                why=why_hidden(reason, k, k_comments),
            )
