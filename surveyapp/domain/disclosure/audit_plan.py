"""Audit a finished plan with the general auditor, family by family.

The test suite runs this exhaustively over thousands of generated plans; in production it can
re-check a stored plan within a budget, where "undecided" must be read as "not proven safe".
"""

from __future__ import annotations

from dataclasses import dataclass

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.auditor import AuditResult, find_derivable_group
from surveyapp.domain.disclosure.families import (
    Family,
    band_family,
    band_question_family,
    joint_band_family,
    tree_family,
    unit_sets,
)
from surveyapp.domain.disclosure.inputs import PlanInput
from surveyapp.domain.disclosure.plan import NodeId, PublicationPlan


@dataclass(frozen=True)
class FamilyAudit:
    family: str
    result: AuditResult[object]


def plan_families(plan: PublicationPlan, plan_input: PlanInput) -> list[Family]:
    """Every family of published cells in the plan, as atom sets ready for the auditor.

    Cells that repeat the last live release count that release's people, not the snapshot's,
    so they are left out here: only an audit of every release together can place them."""
    below = unit_sets(plan_input, {r.node: r.unit_ids for r in plan.rollups})
    shown: dict[str, list[NodeId]] = {}
    for cell in plan.published_cells():
        if not cell.is_from_last_release:
            shown.setdefault(cell.measure, []).append(cell.node)
    responses = shown.get(measures.RESPONSES, [])
    families = [
        tree_family(measures.RESPONSES, responses, below, plan_input.responses, plan_input.k)
    ]
    for key in plan_input.question_keys:
        answered = {u: plan_input.question_answered.get((u, key), 0) for u in plan_input.unit_ids}
        name = measures.question(key)
        families.append(tree_family(name, shown.get(name, []), below, answered, plan_input.k))
    for prompt in plan_input.prompts:
        written = {u: plan_input.comment_counts.get((u, prompt), 0) for u in plan_input.unit_ids}
        name = measures.comments(prompt)
        families.append(
            tree_family(name, shown.get(name, []), below, written, plan_input.k_comments)
        )
    for dimension, bands in plan_input.dimensions.items():
        published_bands = [
            (int(node), band_name)
            for band_name in bands
            for node in shown.get(measures.band(dimension, band_name), [])
        ]
        families.append(band_family(plan_input, dimension, responses, published_bands, below))
    for dimension, keys in plan_input.band_questions.items():
        bands = plan_input.dimensions[dimension]
        for key in keys:
            cells = [
                (int(node), band_name)
                for band_name in bands
                for node in shown.get(measures.band_question(dimension, band_name, key), [])
            ]
            question = shown.get(measures.question(key), [])
            families.append(
                band_question_family(plan_input, dimension, key, question, cells, below)
            )
    if plan_input.joint_band_counts:
        every_band = [
            (dimension, int(node), band_name)
            for dimension, bands in plan_input.dimensions.items()
            for band_name in bands
            for node in shown.get(measures.band(dimension, band_name), [])
        ]
        families.append(joint_band_family(plan_input, responses, every_band, below))
    return families


def audit_plan(
    plan: PublicationPlan,
    plan_input: PlanInput,
    *,
    max_classes: int | None = None,
    max_nodes: int | None = None,
) -> list[FamilyAudit]:
    """One auditor verdict per family; without limits the search is exhaustive."""
    return [
        FamilyAudit(
            family.name,
            find_derivable_group(
                family.cells,
                family.counts,
                family.threshold,
                max_classes=max_classes,
                max_nodes=max_nodes,
            ),
        )
        for family in plan_families(plan, plan_input)
    ]
