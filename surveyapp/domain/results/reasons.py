"""Why a cell is hidden, in words a social worker or a board member can read.

A hidden cell is shown as one of these sentences, never as a blank or a zero, so a reader cannot
mistake suppression for data.
"""

from __future__ import annotations

from surveyapp.domain.disclosure import Cell, PublicationPlan, Reason
from surveyapp.domain.disclosure.plan import NodeId


def why_hidden(reason: Reason | None, k: int, k_comments: int) -> str:
    return {
        Reason.BELOW_MINIMUM: f"fewer than {k} responses",
        Reason.PROTECTS_ANOTHER_CELL: "hidden so that a smaller group cannot be worked out",
        Reason.COMMENTS_BELOW_MINIMUM: f"fewer than {k_comments} people commented",
        Reason.WAVE_STILL_OPEN: "results are hidden until the survey closes",
        Reason.BREAKDOWN_WITHHELD: "not shown: it could be combined with team results",
        Reason.ROLLED_UP: "included in “other teams”",
        Reason.NOT_RELEASED: "waiting for more responses",
        Reason.QUESTION_WITHHELD: "some of its questions are hidden",
    }.get(reason or Reason.BELOW_MINIMUM, f"fewer than {k} responses")


def cell_of(plan: PublicationPlan, node: NodeId, measure: str) -> Cell | None:
    """The plan's decision, or None where the cell was never a candidate (nobody to count)."""
    try:
        return plan.cell(node, measure)
    except KeyError:
        return None


def reason_of(plan: PublicationPlan, node: NodeId, measure: str) -> Reason | None:
    cell = cell_of(plan, node, measure)
    return Reason.BELOW_MINIMUM if cell is None else cell.reason
