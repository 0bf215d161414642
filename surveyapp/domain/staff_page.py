"""What the public "You said, we did" page of a unit shows of its results.

Anyone with the link reads it without signing in, so it shows the least that tells staff what
they said: the headline of a published unit (responses and theme scores), never a question's
answers and never comments. A unit too small to be published on its own shows the results of
its nearest published ancestor, which counts its people too, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.results import ThemeResult, TreeUnit, theme_result, why_hidden
from surveyapp.domain.results.reasons import reason_of


@dataclass(frozen=True)
class Headline:
    """The published headline shown for a unit: its own, or its nearest published ancestor's."""

    unit: TreeUnit
    is_own: bool
    responses: int
    themes: tuple[ThemeResult, ...]


@dataclass(frozen=True)
class StaffResults:
    """The headline, or the plain words for why there is none (e.g. the survey is open)."""

    headline: Headline | None
    own_hidden: str | None
    """Why the unit's own results are not shown (None when they are)."""


def staff_results(
    plan: PublicationPlan, bank: Bank, tree: Sequence[TreeUnit], unit_id: int
) -> StaffResults:
    by_id = {unit.unit_id: unit for unit in tree}
    own_hidden = None
    if not plan.is_published(unit_id, measures.RESPONSES):
        reason = reason_of(plan, unit_id, measures.RESPONSES)
        own_hidden = why_hidden(reason, plan.k, plan.k_comments)
    current: TreeUnit | None = by_id[unit_id]
    while current is not None and not plan.is_published(current.unit_id, measures.RESPONSES):
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    if current is None:
        return StaffResults(None, own_hidden)
    headline = Headline(
        unit=current,
        is_own=current.unit_id == unit_id,
        responses=plan.n(current.unit_id, measures.RESPONSES),
        themes=tuple(theme_result(plan, current.unit_id, bank, t.key) for t in bank.themes),
    )
    return StaffResults(headline, own_hidden)
