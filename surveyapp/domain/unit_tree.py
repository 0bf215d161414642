"""Validate a unit tree (organisation > service > team) given as CSV rows.

The whole file is checked before anything is written, so an admin fixing a spreadsheet sees the
first mistake by row number and the database never holds half an import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

COLUMNS = ("key", "name", "parent_key", "headcount")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_HEADCOUNT = 100_000


class UnitImportError(ValueError):
    """One line naming the row and what is wrong with it."""


@dataclass(frozen=True)
class UnitRow:
    row: int
    key: str
    name: str
    parent_key: str | None
    headcount: int


def parse_units_csv(text: str) -> list[UnitRow]:
    """Parse and check each row on its own: columns, key format, name, headcount."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = tuple((name or "").strip() for name in (reader.fieldnames or ()))
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise UnitImportError(f"row 1: missing column(s) {', '.join(missing)}")
    rows = []
    for line, record in enumerate(reader, start=2):
        values = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        if None in record:
            raise UnitImportError(f"row {line}: more cells than columns")
        key, name = values["key"], values["name"]
        if not KEY_PATTERN.match(key):
            raise UnitImportError(
                f"row {line}: key {key!r} must be 1-64 letters, digits, '.', '_' or '-'"
            )
        if not name:
            raise UnitImportError(f"row {line}: name is empty")
        if len(name) > 200:
            raise UnitImportError(f"row {line}: name is longer than 200 characters")
        try:
            headcount = int(values["headcount"])
        except ValueError:
            raise UnitImportError(
                f"row {line}: headcount {values['headcount']!r} is not a whole number"
            ) from None
        if not 0 <= headcount <= MAX_HEADCOUNT:
            raise UnitImportError(
                f"row {line}: headcount {headcount} must be between 0 and {MAX_HEADCOUNT}"
            )
        rows.append(UnitRow(line, key, name, values["parent_key"] or None, headcount))
    if not rows:
        raise UnitImportError("row 2: the file has no units")
    return rows


def check_tree(rows: list[UnitRow], existing_parents: Mapping[str, str | None]) -> None:
    """Check the rows together with the units already stored.

    ``existing_parents`` maps each stored unit key to its parent key. Rows override stored units
    with the same key (re-import updates in place). The result must be one tree: no duplicate
    keys, no unknown parent, no cycle, and a single root.
    """
    seen: dict[str, UnitRow] = {}
    for row in rows:
        if row.key in seen:
            raise UnitImportError(
                f"row {row.row}: duplicate key {row.key!r} (first on row {seen[row.key].row})"
            )
        seen[row.key] = row
    parents = dict(existing_parents)
    parents.update({row.key: row.parent_key for row in rows})
    for row in rows:
        if row.parent_key is not None and row.parent_key not in parents:
            raise UnitImportError(f"row {row.row}: unknown parent {row.parent_key!r}")
    for row in rows:
        _check_no_cycle(row, parents)
    roots = sorted(key for key, parent in parents.items() if parent is None)
    if len(roots) > 1:
        where = next((r.row for r in rows if r.key in roots[1:] or r.key == roots[0]), 2)
        raise UnitImportError(
            f"row {where}: more than one top-level unit ({', '.join(roots)});"
            " give all but the organisation a parent_key"
        )


def _check_no_cycle(row: UnitRow, parents: Mapping[str, str | None]) -> None:
    path = [row.key]
    current = parents[row.key]
    while current is not None:
        if current in path:
            cycle = " > ".join([*path[path.index(current) :], current])
            raise UnitImportError(f"row {row.row}: parent_key makes a cycle ({cycle})")
        path.append(current)
        current = parents[current]


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
