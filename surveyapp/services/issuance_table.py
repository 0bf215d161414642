"""What a unit's results page says about the invitations issued under it: one row for the unit
itself and one for each unit directly below it (summed over everything under that one), and
the name of every unit anywhere below that was given more than its headcount.

A row per unit of the subtree made a national survey's top page half a megabyte of rows
nobody could read; the flags still name each unit, so nothing that needs checking is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveyapp.models import Wave, WaveUnit

from .issuance import UnitIssuance, issuance_by_unit


@dataclass(frozen=True)
class IssuanceRow:
    """Invitations issued in one part of the tree: a unit alone, or a unit and those below."""

    unit_id: int
    name: str
    units: int
    headcount: int
    issued: int
    units_with_team_link: int
    units_over_issued: int
    """Units of this part given more invitations than their headcount (each judged alone)."""
    units_with_link_beyond: int
    """Units of this part whose team link took more answers than their headcount."""


@dataclass(frozen=True)
class IssuanceTable:
    rows: tuple[IssuanceRow, ...]
    flagged: tuple[UnitIssuance, ...]


def issuance_table(
    session: Session,
    wave: Wave,
    members: Sequence[WaveUnit],
    unit_id: int,
    visible: frozenset[int],
    k: int,
) -> IssuanceTable:
    """The invitations table of ``unit_id``'s page, over the units below it ``visible`` to the
    reader, from the wave's ``members`` (see ``issuance_by_unit`` for why issued counts are safe
    beside results)."""
    part_of = _parts(members, unit_id)
    per_unit = issuance_by_unit(session, wave, members, frozenset(part_of) & visible, k)
    grouped: dict[int, list[UnitIssuance]] = {}
    for row in per_unit:
        grouped.setdefault(part_of[row.unit_id], []).append(row)
    names = {member.unit_id: member.name for member in members}
    heads = [unit_id, *sorted((p for p in grouped if p != unit_id), key=lambda p: names[p])]
    rows = tuple(
        _summed(head, names[head], grouped[head])
        for head in heads
        if head in grouped and (head != unit_id or _has_any(grouped[head]))
    )
    return IssuanceTable(rows, tuple(row for row in per_unit if row.is_over_issued))


def _parts(members: Sequence[WaveUnit], unit_id: int) -> dict[int, int]:
    """Each unit at or below ``unit_id``: the unit itself, or the child of ``unit_id`` above it."""
    children: dict[int | None, list[int]] = {}
    for member in members:
        children.setdefault(member.parent_unit_id, []).append(member.unit_id)
    part_of = {unit_id: unit_id}
    for child in children.get(unit_id, []):
        stack = [child]
        while stack:
            current = stack.pop()
            part_of[current] = child
            stack.extend(children.get(current, []))
    return part_of


def _has_any(rows: list[UnitIssuance]) -> bool:
    return any(row.issued or row.headcount or row.has_team_link for row in rows)


def _summed(unit_id: int, name: str, rows: list[UnitIssuance]) -> IssuanceRow:
    return IssuanceRow(
        unit_id=unit_id,
        name=name,
        units=len(rows),
        headcount=sum(row.headcount for row in rows),
        issued=sum(row.issued for row in rows),
        units_with_team_link=sum(row.has_team_link for row in rows),
        units_over_issued=sum(row.issued > row.headcount for row in rows),
        units_with_link_beyond=sum(row.link_took_more_than_headcount for row in rows),
    )
