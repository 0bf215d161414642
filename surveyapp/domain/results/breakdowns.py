"""Results by role or length of service: only the band cells the plan publishes.

The plan decides breakdowns once for the whole wave (at the organisation unless configured
otherwise), and withholds a dimension whole when it could be combined with team results; a
view shows a dimension's bands where they are published and says why, in the plan's words,
where they are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.disclosure.plan import NodeId
from surveyapp.domain.scoring import share_within
from surveyapp.domain.wording import words

from .reasons import cell_of, note_of, why_hidden
from .unit import Shown

TITLES = {"role": words("Role"), "length_of_service": words("Length of service")}
"""What a results page calls each of the bank's demographics; another is named from its key."""
NOT_BROKEN_DOWN_HERE = words(
    "results are broken down only for the whole organisation, where the groups are large enough"
)


@dataclass(frozen=True)
class BandResult(Shown):
    label: str = ""
    responses: int | None = None
    supervised_within: float | None = None
    """% supervised within the bank's monthly norm, where the plan publishes the band's
    answers to the supervision question."""


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    """A short name for the dimension ("Role", "Length of service"), from its key."""
    bands: tuple[BandResult, ...]
    hidden: str | None = None
    """Why no band of the dimension is shown, if none is."""


def _supervised_within(
    plan: PublicationPlan, node: NodeId, bank: Bank, dimension: str, band: str
) -> float | None:
    standard = bank.supervision_standard
    if standard is None:
        return None
    cell = cell_of(plan, node, measures.band_question(dimension, band, standard.question))
    if cell is None or cell.distribution is None or not cell.is_published:
        return None
    days = {o.key: o.within_days for o in bank.question(standard.question).options}
    within, n = share_within(dict(cell.distribution), days, standard.max_days)
    return 100 * within / n if n else None


def breakdowns(plan: PublicationPlan, bank: Bank, node: NodeId) -> tuple[Breakdown, ...]:
    """Every demographic dimension of the bank at ``node``: its published bands, or why not."""
    found = []
    for demographic in bank.demographics:
        bands = []
        for band in demographic.bands:
            cell = cell_of(plan, node, measures.band(demographic.key, band.key))
            if cell is None:
                continue
            if cell.reason is not None:
                why = why_hidden(cell.reason, plan.k, plan.k_comments)
                bands.append(BandResult(hidden=why, label=band.label))
                continue
            bands.append(
                BandResult(
                    note=note_of(cell),
                    label=band.label,
                    responses=cell.n,
                    supervised_within=_supervised_within(
                        plan, node, bank, demographic.key, band.key
                    ),
                )
            )
        shown = [b for b in bands if b.hidden is None]
        hidden: str | None = None
        if not bands:
            hidden = NOT_BROKEN_DOWN_HERE
        elif not shown:
            hidden = bands[0].hidden
        title = TITLES.get(demographic.key) or demographic.key.replace("_", " ").capitalize()
        found.append(Breakdown(demographic.key, title, tuple(bands) if shown else (), hidden))
    return tuple(found)
