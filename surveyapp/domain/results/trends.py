"""A theme across waves for one unit: each wave's published score, and whether it changed.

A change is called only when a two-proportion test says so, against the previous wave in which
the theme was shown; otherwise "no clear change".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.scoring import AgreementScore, ChangeTest, two_proportion_test
from surveyapp.domain.wording import words

from .reasons import cell_of
from .unit import Shown, theme_result


@dataclass(frozen=True)
class TrendPoint(Shown):
    wave_label: str = ""
    score: AgreementScore | None = None
    change: ChangeTest | None = None

    @property
    def marker(self) -> str:
        """ "up", "down" or "no clear change" against the previous shown wave."""
        if self.change is None or not self.change.is_significant:
            return "no clear change"
        return "up" if self.change.z > 0 else "down"


def theme_trend(
    plans: Sequence[tuple[str, PublicationPlan]], bank: Bank, unit_id: int, theme_key: str
) -> tuple[TrendPoint, ...]:
    """A theme across waves, tested against the previous wave in which it was shown."""
    points: list[TrendPoint] = []
    previous: AgreementScore | None = None
    for label, plan in plans:
        if cell_of(plan, unit_id, measures.theme(theme_key)) is None:
            points.append(TrendPoint(hidden=words("not part of this wave"), wave_label=label))
            continue
        result = theme_result(plan, unit_id, bank, theme_key)
        if result.score is None:
            points.append(TrendPoint(hidden=result.hidden, reason=result.reason, wave_label=label))
            continue
        change = None
        if previous is not None:
            change = two_proportion_test(
                previous.favourable, previous.n, result.score.favourable, result.score.n
            )
        points.append(
            TrendPoint(note=result.note, wave_label=label, score=result.score, change=change)
        )
        previous = result.score
    return tuple(points)
