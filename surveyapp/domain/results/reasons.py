"""Why a cell is hidden, or shown as it once was, in words a social worker or a board member
can read.

A hidden cell is shown as one of these sentences, never as a blank or a zero, so a reader cannot
mistake suppression for data; a value the final plan repeats from the last live update says so,
so nobody reads its n as the survey's final count.
"""

from __future__ import annotations

from typing import assert_never

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason
from surveyapp.domain.disclosure.plan import NodeId
from surveyapp.domain.wording import words


def why_hidden(reason: Reason, k: int, k_comments: int) -> str:
    """The words for one reason. Every member of ``Reason`` has its own (mypy checks that the
    match is exhaustive): a cell hidden for another reason may stand for many people, so
    borrowing "fewer than k responses" would be false."""
    match reason:
        case Reason.BELOW_MINIMUM:
            return words("fewer than %(k)s responses", k=k)
        case Reason.PROTECTS_ANOTHER_CELL:
            return words("hidden so that a smaller group cannot be worked out")
        case Reason.COMMENTS_BELOW_MINIMUM:
            return words("fewer than %(k)s people commented", k=k_comments)
        case Reason.WAVE_STILL_OPEN:
            return words("results are hidden until the survey closes")
        case Reason.BREAKDOWN_WITHHELD:
            return words("not shown: it could be combined with team results")
        case Reason.ROLLED_UP:
            return words("included in “other teams”")
        case Reason.NOT_RELEASED:
            return words("waiting for more responses")
        case Reason.QUESTION_WITHHELD:
            return words("some of its questions are hidden")
        case Reason.CHANGED_TOO_LITTLE:
            return words(
                "too few new responses since the last update: "
                "showing it would give away the newest answers"
            )
        case Reason.NOT_IN_EARLIER_RELEASE:
            return words("hidden in the last update, so it stays hidden while the survey is open")
        case Reason.BREAKDOWN_NOT_LIVE:
            return words(
                "breakdowns are not shown for a survey that releases results while it is open"
            )
        case Reason.ISSUED_INVITATIONS:
            return words("not shown to you: you issued invitations counted here")
        case _:
            assert_never(reason)


AS_LAST_RELEASED = words("as at the last update before the survey closed")
"""The note on a value the final plan repeats from the last live release (``Cell``)."""


def note_of(cell: Cell | None) -> str | None:
    """The note a published value carries: none, unless it repeats the last live release."""
    return AS_LAST_RELEASED if cell is not None and cell.is_from_last_release else None


def cell_of(plan: PublicationPlan, node: NodeId, measure: str) -> Cell | None:
    """The plan's decision, or None where the cell was never a candidate (nobody to count)."""
    try:
        return plan.cell(node, measure)
    except KeyError:
        return None


def reason_of(plan: PublicationPlan, node: NodeId, measure: str) -> Reason:
    """Why a cell is hidden; a cell that was never a candidate had nobody to count."""
    cell = cell_of(plan, node, measure)
    if cell is None:
        return Reason.BELOW_MINIMUM
    if cell.reason is None:
        raise ValueError(f"cell {node}/{measure} is published")
    return cell.reason
