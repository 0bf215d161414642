"""Rule 3: demographic breakdowns at the configured breakdown units.

Band cells first obey the rules along both dimensions: every band cell meets k, the unit's total
minus its published bands (unpublished bands, "prefer not to say" when hidden, and skipped
answers) is 0 or at least k, and a band's count at a breakdown unit minus the same band at the
nearest breakdown units below it is 0 or at least k. Those rules alone cannot see a leak through
the unit tree (every newly qualified worker in one team: that team's total minus the
organisation's newly-qualified cell is the team's few others), so the surviving cells are then
put to the auditor together with every published tree cell, and the dimension is withheld whole
unless the auditor proves it safe.

Several dimensions. Two dimensions' band cells can leak together (role:newly_qualified inside
length_of_service:under_1_year except for two people shows those two), which per-dimension
totals cannot reveal. So without joint counts (respondents per full combination of bands) at
most one dimension is shown: the first in priority order (``breakdown_dimensions``, then the
rest sorted) that the rules leave with any cell. With joint counts every dimension that passes
alone is audited together with the others and the tree over (unit, combination) atoms, and the
last in priority order is withheld until that audit proves the rest safe.

Per-question results in a band ("% supervised within the standard", newly qualified). A
band-question cell is shown only where its band cell and its question's cell at the unit are
shown, at least k people in the band answered, the unit's answerers minus the shown bands'
answerers is 0 or at least k, the nesting rule between breakdown units holds, and the auditor
proves the question's tree cells with these band cells safe over (unit, band) atoms of that
question's answerers; otherwise the question's breakdown is withheld whole. Per-question counts
per combination of bands are not an input, so band-question cells are shown for one dimension
only: the first one shown.

Breakdowns are never shown in an open wave's live snapshots, nor in a plan that follows live
releases: earlier releases split respondents by arrival, and the planner has no counts of bands
per arrival to prove such a combination safe (see history.py).
"""

from surveyapp.domain.disclosure.breakdown.atoms import crossed_atoms
from surveyapp.domain.disclosure.breakdown.dimensions import plan_breakdowns
from surveyapp.domain.disclosure.breakdown.state import BandCell, QuestionState, TreeState

__all__ = ["BandCell", "QuestionState", "TreeState", "crossed_atoms", "plan_breakdowns"]
