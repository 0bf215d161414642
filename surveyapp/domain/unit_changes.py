"""What a unit file would change, worked out before anything changes.

An admin uploads the organisation's unit file and sees, row by row, the units it would create,
the ones it would update (and how) and every problem, each by row number and column; only a
file with no problem can be applied, and applying it does exactly what the preview showed
(``ImportPreview.fingerprint``: the service refuses to apply a preview the database has moved
away from). An admin scoped below the top of the organisation may only touch their own part.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from .unit_tree import RowProblem, UnitRow, order_parents_first, read_units_csv, tree_problems
from .wording import words


@dataclass(frozen=True)
class StoredUnit:
    key: str
    name: str
    parent_key: str | None
    headcount: int
    is_active: bool = True


@dataclass(frozen=True)
class Reach:
    """The units an admin looks after (by key), and the one their account is scoped to."""

    keys: frozenset[str]
    scope_key: str


class ChangeKind(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UnitChange:
    row: UnitRow
    kind: ChangeKind
    before: StoredUnit | None

    @property
    def differences(self) -> tuple[str, ...]:
        """How an updated unit changes, in words."""
        before, row = self.before, self.row
        if before is None:
            return ()
        found = []
        if before.name != row.name:
            found.append(
                words("Name from %(was)s to %(now)s", was=repr(before.name), now=repr(row.name))
            )
        if before.parent_key != row.parent_key:
            nothing = words("nothing")
            was, now = before.parent_key or nothing, row.parent_key or nothing
            found.append(words("Moved from under %(was)s to under %(now)s", was=was, now=now))
        if before.headcount != row.headcount:
            found.append(
                words("Headcount from %(was)s to %(now)s", was=before.headcount, now=row.headcount)
            )
        if not before.is_active:
            found.append(words("In use again"))
        return tuple(found)


@dataclass(frozen=True)
class ImportPreview:
    changes: tuple[UnitChange, ...]
    problems: tuple[RowProblem, ...]

    @property
    def is_applicable(self) -> bool:
        return not self.problems

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind is kind)

    def of_kind(self, kind: ChangeKind) -> tuple[UnitChange, ...]:
        return tuple(change for change in self.changes if change.kind is kind)

    def fingerprint(self) -> str:
        """A digest of exactly what applying would do, given the units stored now."""
        described = [
            [c.kind.value, c.row.key, c.row.name, c.row.parent_key, c.row.headcount]
            for c in self.changes
            if c.kind is not ChangeKind.UNCHANGED
        ]
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()


def _reach_problems(
    rows: list[UnitRow], stored: Mapping[str, StoredUnit], reach: Reach
) -> list[RowProblem]:
    in_file = {row.key for row in rows}
    problems = []
    for row in rows:
        known = stored.get(row.key)
        if known is not None and row.key not in reach.keys:
            problems.append(
                RowProblem(
                    row.row,
                    "key",
                    words("key %(key)s is a unit you do not look after", key=repr(row.key)),
                )
            )
        elif (
            row.key == reach.scope_key and known is not None and row.parent_key != known.parent_key
        ):
            problems.append(
                RowProblem(
                    row.row,
                    "parent_key",
                    words(
                        "%(key)s is the unit your account looks after: only an admin above "
                        "it can move it",
                        key=repr(row.key),
                    ),
                )
            )
        elif (
            row.key != reach.scope_key
            and row.parent_key is not None
            and row.parent_key in stored
            and row.parent_key not in reach.keys
            and row.parent_key not in in_file
        ):
            problems.append(
                RowProblem(
                    row.row,
                    "parent_key",
                    words(
                        "parent_key %(key)s is a unit you do not look after",
                        key=repr(row.parent_key),
                    ),
                )
            )
    return problems


def preview_import(
    text: str, stored: Mapping[str, StoredUnit], reach: Reach | None = None
) -> ImportPreview:
    """Every change and every problem of importing ``text`` over the ``stored`` units (by key);
    ``reach`` limits it to what an admin looks after (None: the command line, everything)."""
    rows, problems = read_units_csv(text)
    if not problems:
        parents = {key: unit.parent_key for key, unit in stored.items()}
        problems = tree_problems(rows, parents)
    if not problems and reach is not None:
        problems = _reach_problems(rows, stored, reach)
    if problems:
        return ImportPreview((), tuple(sorted(problems, key=lambda p: p.row)))
    changes = []
    for row in order_parents_first(rows):
        before = stored.get(row.key)
        if before is None:
            kind = ChangeKind.CREATED
        else:
            same = (before.name, before.parent_key, before.headcount, before.is_active) == (
                row.name,
                row.parent_key,
                row.headcount,
                True,
            )
            kind = ChangeKind.UNCHANGED if same else ChangeKind.UPDATED
        changes.append(UnitChange(row, kind, before))
    return ImportPreview(tuple(sorted(changes, key=lambda c: c.row.row)), ())
