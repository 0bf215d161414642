"""Disclosure control: the publication plan, its rules, and the auditor that proves them.

Plain Python by design (no Flask, SQLAlchemy or Altair): this is the one choke point through
which every number leaves, so it must be fast to test exhaustively and easy to reason about.
"""

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.audit_plan import FamilyAudit, audit_plan, plan_families
from surveyapp.domain.disclosure.auditor import AuditResult, Verdict, find_derivable_group
from surveyapp.domain.disclosure.crossed_audit import find_crossed_group
from surveyapp.domain.disclosure.families import Family
from surveyapp.domain.disclosure.inputs import PlanInput, Release, UnitNode
from surveyapp.domain.disclosure.joint_audit import find_joint_group
from surveyapp.domain.disclosure.plan import (
    Cell,
    NodeId,
    PublicationPlan,
    Reason,
    Rollup,
    SuppressedCellError,
    Usefulness,
    rollup_node,
)
from surveyapp.domain.disclosure.planner import compute_plan
from surveyapp.domain.disclosure.release import may_release_snapshot
from surveyapp.domain.disclosure.thresholds import (
    MINIMUM_K,
    ThresholdError,
    check_thresholds,
)

__all__ = [
    "MINIMUM_K",
    "AuditResult",
    "Cell",
    "Family",
    "FamilyAudit",
    "NodeId",
    "PlanInput",
    "PublicationPlan",
    "Reason",
    "Release",
    "Rollup",
    "SuppressedCellError",
    "ThresholdError",
    "UnitNode",
    "Usefulness",
    "Verdict",
    "audit_plan",
    "check_thresholds",
    "compute_plan",
    "find_crossed_group",
    "find_derivable_group",
    "find_joint_group",
    "may_release_snapshot",
    "measures",
    "plan_families",
    "rollup_node",
]
