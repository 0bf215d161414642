"""Feed the disclosure planner from the database, and store and read the resulting plans.

This is the only package that reads answer counts for anything shown to a person: every page,
chart, export, API response and report asks ``current_plan`` and reads published cells from it
(an import contract in the test suite keeps views away from the answer tables).

- ``gather``: one wave's counts, grouped in the database, as the planner's input;
- ``snapshots``: the current plan of a wave, stored snapshots, and the per-worker caches;
- ``comments``: the texts of a comment pool the plan publishes.
"""

from .comments import published_comments
from .gather import PlanSettings, answer_counts, gather_input
from .snapshots import current_plan, node_plan, nodes_plan

__all__ = [
    "PlanSettings",
    "answer_counts",
    "current_plan",
    "gather_input",
    "node_plan",
    "nodes_plan",
    "published_comments",
]
