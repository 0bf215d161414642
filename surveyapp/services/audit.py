"""Append to and verify the hash-chained audit trail of staff activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from surveyapp.domain.audit_chain import (
    GENESIS,
    ChainedEntry,
    ChainProblem,
    entry_hash,
    verify_chain,
)
from surveyapp.domain.wording import words
from surveyapp.models import AuditEntry, AuditHead


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time here was written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _fields(entry: AuditEntry) -> dict[str, object]:
    return {
        "at": _utc(entry.at).isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "wave": entry.wave_id,
        "unit": entry.unit_id,
        "detail": entry.detail,
    }


def record(
    session: Session,
    actor: str,
    action: str,
    wave_id: int | None = None,
    unit_id: int | None = None,
    detail: str = "",
    now: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry. The head row is locked first, so appends are strictly sequential."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, sequence=0, hash=GENESIS)
        session.add(head)
    entry = AuditEntry(
        sequence=head.sequence + 1,
        at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        actor=actor,
        action=action,
        wave_id=wave_id,
        unit_id=unit_id,
        detail=detail[:500],
        previous_hash=head.hash,
        hash="",
    )
    entry.hash = entry_hash(head.hash, _fields(entry))
    session.add(entry)
    head.sequence, head.hash = entry.sequence, entry.hash
    session.flush()
    return entry


def verify(session: Session) -> list[ChainProblem]:
    """Every edited, deleted or reordered entry, including entries cut off the end."""
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.sequence)))
    chained = [ChainedEntry(e.sequence, _fields(e), e.previous_hash, e.hash) for e in entries]
    problems = verify_chain(chained)
    head = session.get(AuditHead, 1)
    last_sequence, last_hash = (entries[-1].sequence, entries[-1].hash) if entries else (0, GENESIS)
    if head is not None and (head.sequence, head.hash) != (last_sequence, last_hash):
        problems.append(
            ChainProblem(
                head.sequence,
                words(
                    "entries after %(last)s up to %(head)s are missing",
                    last=last_sequence,
                    head=head.sequence,
                ),
            )
        )
    return problems


@dataclass(frozen=True)
class TrailScope:
    """Which entries a reader may see, as for everything else: an entry about a unit of a wave
    if that unit is in ``units_by_wave[wave]`` (None there: every unit of that wave), and an entry
    about no unit (a sign-in, a wave as a whole) only if ``sees_unscoped``."""

    units_by_wave: Mapping[int, Collection[int] | None]
    sees_unscoped: bool


def recent(session: Session, scope: TrailScope, limit: int = 200) -> list[AuditEntry]:
    """The newest entries ``scope`` allows, newest first."""
    allowed = [
        and_(AuditEntry.wave_id == wave_id, AuditEntry.unit_id.is_not(None))
        if units is None
        else and_(AuditEntry.wave_id == wave_id, AuditEntry.unit_id.in_(sorted(units)))
        for wave_id, units in scope.units_by_wave.items()
        if units is None or units
    ]
    if scope.sees_unscoped:
        allowed.append(or_(AuditEntry.wave_id.is_(None), AuditEntry.unit_id.is_(None)))
    query = select(AuditEntry).where(or_(false(), *allowed))
    return list(session.scalars(query.order_by(AuditEntry.sequence.desc()).limit(limit)))
