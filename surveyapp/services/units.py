"""Units: import a tree from CSV (previewed first), edit one unit, and read the tree back."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.scope import Reader
from surveyapp.domain.unit_changes import (
    ChangeKind,
    ImportPreview,
    Reach,
    StoredUnit,
    preview_import,
)
from surveyapp.domain.unit_tree import MAX_HEADCOUNT, MAX_NAME, UnitImportError, order_parents_first
from surveyapp.domain.wording import words
from surveyapp.models import Unit

from .visibility import managed_unit_ids


class PreviewOutdated(UnitImportError):
    """The units changed between the preview and applying it: show the new preview."""


class UnitEditError(ValueError):
    """An edit to one unit that is refused; ``field`` is the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.message = message  # the domain's ``Words``, to show in the reader's language
        self.field = field


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0


@dataclass(frozen=True)
class TreeRow:
    """A unit in the tree listing: its depth below the top shown, and the people in it and
    in every unit below it (``total``), which is what any result about it would count."""

    unit: Unit
    depth: int
    total: int
    has_children: bool


def stored_units(session: Session) -> dict[str, StoredUnit]:
    units = list(session.scalars(select(Unit)))
    keys = {unit.id: unit.key for unit in units}
    return {
        unit.key: StoredUnit(
            unit.key,
            unit.name,
            keys[unit.parent_id] if unit.parent_id is not None else None,
            unit.headcount,
            unit.is_active,
        )
        for unit in units
    }


def reach_of(session: Session, admin: Reader) -> Reach:
    """The units ``admin`` looks after, as the import preview reads them."""
    managed = managed_unit_ids(session, admin)
    keys = {unit_id: key for unit_id, key in session.execute(select(Unit.id, Unit.key))}
    return Reach(frozenset(keys[i] for i in managed), keys.get(admin.scope_unit_id, ""))


def preview_units_csv(session: Session, text: str, admin: Reader | None = None) -> ImportPreview:
    """What importing ``text`` would do; ``admin``: only within their units (None: all)."""
    reach = None if admin is None else reach_of(session, admin)
    return preview_import(text, stored_units(session), reach)


def import_units_csv(
    session: Session,
    text: str,
    admin: Reader | None = None,
    expected_fingerprint: str | None = None,
) -> ImportResult:
    """Validate the whole file, then create or update units in place (keyed by ``key``).

    With ``expected_fingerprint`` (from the preview the admin saw), a file whose changes are
    no longer those (someone else changed the units meanwhile) raises ``PreviewOutdated``.
    """
    preview = preview_units_csv(session, text, admin)
    if preview.problems:
        raise UnitImportError(str(preview.problems[0]))
    if expected_fingerprint is not None and preview.fingerprint() != expected_fingerprint:
        raise PreviewOutdated("the units changed after the preview")
    stored = {unit.key: unit for unit in session.scalars(select(Unit))}
    rows = order_parents_first([change.row for change in preview.changes])
    kinds = {change.row.key: change.kind for change in preview.changes}
    for row in rows:
        if kinds[row.key] is ChangeKind.UNCHANGED:
            continue
        unit = stored.get(row.key)
        if unit is None:
            unit = Unit(key=row.key, name=row.name, headcount=row.headcount)
            session.add(unit)
            stored[row.key] = unit
        unit.name, unit.headcount, unit.is_active = row.name, row.headcount, True
        unit.parent = stored[row.parent_key] if row.parent_key is not None else None
        session.flush()
    return ImportResult(
        preview.count(ChangeKind.CREATED),
        preview.count(ChangeKind.UPDATED),
        preview.count(ChangeKind.UNCHANGED),
    )


def edit_unit(
    session: Session, admin: Reader, unit: Unit, name: str, parent: Unit | None, headcount: int
) -> None:
    """Rename, move or recount one unit the admin looks after. Waves already open keep the tree
    as it was when they opened; new waves use the new one."""
    managed = managed_unit_ids(session, admin)
    if unit.id not in managed:
        raise UnitEditError("unit", words("this is not a unit you look after"))
    if not name or len(name) > MAX_NAME:
        raise UnitEditError("name", words("Enter a name of up to %(max)s characters", max=MAX_NAME))
    if not 0 <= headcount <= MAX_HEADCOUNT:
        raise UnitEditError(
            "headcount",
            words("Headcount must be between 0 and %(max)s", max=format(MAX_HEADCOUNT, ",")),
        )
    parent_id = None if parent is None else parent.id
    if parent_id != unit.parent_id:
        if unit.id == admin.scope_unit_id:
            raise UnitEditError(
                "parent",
                words(
                    "This is the unit your account looks after: only an admin above it can move it"
                ),
            )
        if parent is None:
            raise UnitEditError(
                "parent", words("Choose the unit it belongs to: there is one organisation")
            )
        if parent.id not in managed:
            raise UnitEditError("parent", words("Choose a unit you look after"))
        if parent.id in descendant_ids(session, unit):
            raise UnitEditError(
                "parent",
                words(
                    "%(parent)s is inside %(unit)s, so it cannot also contain it: choose a unit "
                    "outside it",
                    parent=parent.name,
                    unit=unit.name,
                ),
            )
    unit.name, unit.headcount, unit.parent = name, headcount, parent
    session.flush()


def descendant_ids(session: Session, unit: Unit) -> set[int]:
    """The unit and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, stack = set(), [unit.id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def tree_rows(session: Session, unit_ids: Collection[int] | None = None) -> list[TreeRow]:
    """The units (those in ``unit_ids``, or all) as a tree, parents first and siblings by name,
    each with its total headcount."""
    units = {
        unit.id: unit
        for unit in session.scalars(select(Unit))
        if unit_ids is None or unit.id in unit_ids
    }
    children: dict[int | None, list[Unit]] = {}
    for unit in units.values():
        parent = unit.parent_id if unit.parent_id in units else None
        children.setdefault(parent, []).append(unit)
    totals: dict[int, int] = {}

    def total(unit: Unit) -> int:
        if unit.id not in totals:
            totals[unit.id] = unit.headcount + sum(total(c) for c in children.get(unit.id, ()))
        return totals[unit.id]

    rows: list[TreeRow] = []

    def walk(unit: Unit, depth: int) -> None:
        below = sorted(children.get(unit.id, ()), key=lambda u: (u.name.lower(), u.key))
        rows.append(TreeRow(unit, depth, total(unit), bool(below)))
        for child in below:
            walk(child, depth + 1)

    for top in sorted(children.get(None, ()), key=lambda u: (u.name.lower(), u.key)):
        walk(top, 0)
    return rows


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
