"""Units: import a tree from CSV, and read it back."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.unit_tree import check_tree, order_parents_first, parse_units_csv
from surveyapp.models import Unit


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_units_csv(session: Session, text: str) -> ImportResult:
    """Validate the whole file, then create or update units in place (keyed by ``key``)."""
    rows = parse_units_csv(text)
    stored = {unit.key: unit for unit in session.scalars(select(Unit))}
    by_id = {unit.id: unit for unit in stored.values()}
    existing_parents = {
        unit.key: by_id[unit.parent_id].key if unit.parent_id is not None else None
        for unit in stored.values()
    }
    check_tree(rows, existing_parents)
    created = updated = 0
    for row in order_parents_first(rows):
        unit = stored.get(row.key)
        if unit is None:
            unit = Unit(key=row.key, name=row.name, headcount=row.headcount)
            session.add(unit)
            stored[row.key] = unit
            created += 1
        else:
            updated += 1
        unit.name, unit.headcount, unit.is_active = row.name, row.headcount, True
        unit.parent = stored[row.parent_key] if row.parent_key is not None else None
        session.flush()
    return ImportResult(created, updated)


def unit_by_key(session: Session, key: str) -> Unit | None:
    return session.scalars(select(Unit).where(Unit.key == key)).one_or_none()


def subtree(session: Session, root: Unit) -> list[Unit]:
    """The root and all its descendants, parents before children."""
    units = list(session.scalars(select(Unit)))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered, queue = [], [root]
    while queue:
        unit = queue.pop(0)
        ordered.append(unit)
        queue.extend(sorted(children.get(unit.id, []), key=lambda u: u.key))
    return ordered
