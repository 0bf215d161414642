"""The staff roles. Respondents have no account and so no role.

- admin: units, waves, invitations and users; participation counts; results in their scope;
- analyst: results and comments for the units in their scope; action plans for them;
- viewer: boards and inspectors, results down to a set depth, comments only if granted;
- manager: a team manager, scoped to one unit: its results and its parent's, action plans for
  that unit only, comments only if granted.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"
    MANAGER = "manager"


READS_RESULTS: tuple[Role, ...] = (Role.ADMIN, Role.ANALYST, Role.VIEWER, Role.MANAGER)
"""The roles that may read published results, each within their scope."""

WRITES_ACTIONS: tuple[Role, ...] = (Role.ADMIN, Role.ANALYST, Role.MANAGER)
"""The roles that may record action plans and their progress, each within their scope."""

COMMENTS_IF_GRANTED: tuple[Role, ...] = (Role.VIEWER, Role.MANAGER)
"""The roles that read comments only when granted; the others always do, within their scope."""
