"""Which units of a wave a staff member may read, from the wave's frozen tree.

Plain functions over data: a user (role, scope unit, viewer depth, comments grant) and the
wave's members (``unit_id``, ``parent_unit_id``). Anything outside the wave's tree or outside the
user's scope is not visible, and views answer 404 for it so its existence is not revealed.

- admin and analyst: every unit in the subtree of their scope unit (admins see results only
  there; their participation pages are limited to the same subtree);
- viewer: the subtree down to ``viewer_max_depth`` levels below the scope unit (0 is the scope
  unit alone, 1 adds its children), comments only if ``can_see_comments``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from surveyapp.domain.roles import Role


class Member(Protocol):
    """A unit of a wave's frozen tree (``WaveUnit`` or anything shaped like it)."""

    @property
    def unit_id(self) -> int: ...

    @property
    def parent_unit_id(self) -> int | None: ...


class Reader(Protocol):
    """A staff account (``User`` or anything shaped like it)."""

    @property
    def role(self) -> Role: ...

    @property
    def scope_unit_id(self) -> int: ...

    @property
    def viewer_max_depth(self) -> int: ...

    @property
    def can_see_comments(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...


def depths_below(members: Iterable[Member], top_id: int) -> dict[int, int]:
    """Each unit of the tree at or below ``top_id``, with its distance from ``top_id``."""
    children: dict[int | None, list[int]] = {}
    ids = set()
    for member in members:
        children.setdefault(member.parent_unit_id, []).append(member.unit_id)
        ids.add(member.unit_id)
    if top_id not in ids:
        return {}
    depths = {top_id: 0}
    queue = deque([top_id])
    while queue:
        unit_id = queue.popleft()
        for child in children.get(unit_id, ()):
            if child not in depths:
                depths[child] = depths[unit_id] + 1
                queue.append(child)
    return depths


def _depths_in_scope(
    user: Reader, members: Sequence[Member], above_root: Sequence[int]
) -> Mapping[int, int]:
    depths = depths_below(members, user.scope_unit_id)
    if depths or user.scope_unit_id not in above_root:
        return depths
    # The user's scope unit is an ancestor of the wave's root (e.g. a wave run for one service,
    # read by someone scoped to the whole organisation): depths count from the scope unit.
    roots = [m.unit_id for m in members if m.parent_unit_id is None]
    if len(roots) != 1:
        return {}
    offset = list(above_root).index(user.scope_unit_id) + 1
    return {unit: depth + offset for unit, depth in depths_below(members, roots[0]).items()}


def visible_unit_ids(
    user: Reader, members: Sequence[Member], *, above_root: Sequence[int] = ()
) -> frozenset[int]:
    """Units of a wave whose results ``user`` may see.

    ``above_root`` lists the ids of the live ancestors of the wave's root unit, nearest first;
    it only matters for users scoped above the unit a wave was run for.
    """
    if not user.is_active:
        return frozenset()
    depths = _depths_in_scope(user, members, above_root)
    if user.role is Role.VIEWER:
        return frozenset(unit for unit, depth in depths.items() if depth <= user.viewer_max_depth)
    if user.role in (Role.ADMIN, Role.ANALYST):
        return frozenset(depths)
    return frozenset()


def may_see_comments(
    user: Reader, unit_id: int, members: Sequence[Member], *, above_root: Sequence[int] = ()
) -> bool:
    """Whether ``user`` may read the (published) comments of ``unit_id`` in this wave."""
    if unit_id not in visible_unit_ids(user, members, above_root=above_root):
        return False
    return user.role is not Role.VIEWER or user.can_see_comments
