"""The staff roles. Respondents have no account and so no role.

- admin: units, waves, invitations and users; participation counts; results in their scope;
- analyst: results and comments for the units in their scope;
- viewer: boards and inspectors, results down to a set depth, comments only if granted.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"


READS_RESULTS: tuple[Role, ...] = (Role.ADMIN, Role.ANALYST, Role.VIEWER)
"""The roles that may read published results, each within their scope."""
