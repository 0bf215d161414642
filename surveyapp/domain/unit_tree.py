"""Validate a unit tree (organisation > service > team) given as CSV rows.

The whole file is checked before anything is written, so an admin fixing a spreadsheet sees
every mistake by row number and field, and the database never holds half an import. The
``read_*``/``*_problems`` functions list every problem; ``parse_units_csv`` and ``check_tree``
raise the first, for the command line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .wording import words

COLUMNS = ("key", "name", "parent_key", "headcount")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_HEADCOUNT = 100_000
MAX_NAME = 200


class UnitImportError(ValueError):
    """One line naming the row and what is wrong with it."""


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of the file, and in which column ("" for the whole row)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class UnitRow:
    row: int
    key: str
    name: str
    parent_key: str | None
    headcount: int


def _row_problem(line: int, values: Mapping[str, str]) -> RowProblem | None:
    key, name, headcount = values["key"], values["name"], values["headcount"]
    if not KEY_PATTERN.match(key):
        return RowProblem(
            line,
            "key",
            words("key %(key)s must be 1-64 letters, digits, '.', '_' or '-'", key=repr(key)),
        )
    if not name:
        return RowProblem(line, "name", words("name is empty"))
    if len(name) > MAX_NAME:
        return RowProblem(
            line, "name", words("name is longer than %(max)s characters", max=MAX_NAME)
        )
    if any(not character.isprintable() for character in name):
        return RowProblem(
            line, "name", words("name has a character that is not text (a control code)")
        )
    try:
        count = int(headcount)
    except ValueError:
        return RowProblem(
            line,
            "headcount",
            words("headcount %(value)s is not a whole number", value=repr(headcount)),
        )
    if not 0 <= count <= MAX_HEADCOUNT:
        return RowProblem(
            line,
            "headcount",
            words(
                "headcount %(value)s must be between 0 and %(max)s", value=count, max=MAX_HEADCOUNT
            ),
        )
    return None


def read_units_csv(text: str) -> tuple[list[UnitRow], list[RowProblem]]:
    """The rows that are right on their own (columns, key format, name, headcount), and a
    problem for each row that is not."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = tuple((name or "").strip() for name in (reader.fieldnames or ()))
    except csv.Error as exc:
        return [], [
            RowProblem(1, "", words("the file cannot be read as CSV (%(why)s)", why=str(exc)))
        ]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [], [
            RowProblem(1, "", words("missing column(s) %(columns)s", columns=", ".join(missing)))
        ]
    rows, problems = [], []
    line = 1
    try:
        for line, record in enumerate(reader, start=2):
            if None in record:
                problems.append(RowProblem(line, "", words("more cells than columns")))
                continue
            values = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
            problem = _row_problem(line, values)
            if problem is not None:
                problems.append(problem)
                continue
            parent = values["parent_key"] or None
            rows.append(
                UnitRow(line, values["key"], values["name"], parent, int(values["headcount"]))
            )
    except csv.Error as exc:
        problems.append(
            RowProblem(
                line + 1, "", words("the file cannot be read as CSV (%(why)s)", why=str(exc))
            )
        )
    if not rows and not problems:
        problems.append(RowProblem(2, "", words("the file has no units")))
    return rows, problems


def parse_units_csv(text: str) -> list[UnitRow]:
    """Parse and check each row on its own; raise the first problem."""
    rows, problems = read_units_csv(text)
    if problems:
        raise UnitImportError(str(problems[0]))
    return rows


def tree_problems(
    rows: list[UnitRow], existing_parents: Mapping[str, str | None]
) -> list[RowProblem]:
    """Check the rows together with the units already stored.

    ``existing_parents`` maps each stored unit key to its parent key. Rows override stored units
    with the same key (re-import updates in place). The result must be one tree: no duplicate
    keys, no unknown parent, no cycle, and a single root.
    """
    problems: list[RowProblem] = []
    seen: dict[str, UnitRow] = {}
    for row in rows:
        if row.key in seen:
            first = seen[row.key].row
            problems.append(
                RowProblem(
                    row.row,
                    "key",
                    words(
                        "duplicate key %(key)s (first on row %(first)s)",
                        key=repr(row.key),
                        first=first,
                    ),
                )
            )
        else:
            seen[row.key] = row
    parents = dict(existing_parents)
    parents.update({row.key: row.parent_key for row in seen.values()})
    for row in rows:
        if row.parent_key is not None and row.parent_key not in parents:
            problems.append(
                RowProblem(
                    row.row,
                    "parent_key",
                    words("unknown parent %(key)s", key=repr(row.parent_key)),
                )
            )
    if problems:
        return sorted(problems, key=lambda p: p.row)
    cycles_found: set[frozenset[str]] = set()
    for row in rows:
        cycle = _cycle_from(row.key, parents)
        if cycle and frozenset(cycle) not in cycles_found:
            cycles_found.add(frozenset(cycle))
            shown = " > ".join([*cycle, cycle[0]])
            problems.append(
                RowProblem(
                    row.row,
                    "parent_key",
                    words("parent_key makes a cycle (%(cycle)s)", cycle=shown),
                )
            )
    roots = sorted(key for key, parent in parents.items() if parent is None)
    if not cycles_found and len(roots) > 1:
        where = next((r.row for r in rows if r.key in roots[1:] or r.key == roots[0]), 2)
        problems.append(
            RowProblem(
                where,
                "parent_key",
                words(
                    "more than one top-level unit (%(keys)s); give all but the organisation a "
                    "parent_key",
                    keys=", ".join(roots),
                ),
            )
        )
    return sorted(problems, key=lambda p: p.row)


def check_tree(rows: list[UnitRow], existing_parents: Mapping[str, str | None]) -> None:
    """``tree_problems``, raising the first."""
    problems = tree_problems(rows, existing_parents)
    if problems:
        raise UnitImportError(str(problems[0]))


def _cycle_from(key: str, parents: Mapping[str, str | None]) -> list[str]:
    """The cycle ``key`` is on, starting at ``key``, or [] if following its parents ends."""
    path = [key]
    current = parents[key]
    while current is not None:
        if current in path:
            return path[path.index(current) :] if current == key else []
        path.append(current)
        current = parents[current]
    return []


def order_parents_first(rows: list[UnitRow]) -> list[UnitRow]:
    """Rows sorted so each parent in the file comes before its children."""
    in_file = {row.key: row for row in rows}
    depth: dict[str, int] = {}

    def depth_of(key: str) -> int:
        if key not in depth:
            parent = in_file[key].parent_key
            depth[key] = 0 if parent is None or parent not in in_file else depth_of(parent) + 1
        return depth[key]

    return sorted(rows, key=lambda r: (depth_of(r.key), r.row))
