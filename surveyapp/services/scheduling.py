"""What ``surveyapp tick`` does: open planned waves, close waves past their closing date and
make each recurring pulse's next wave, each exactly once and written to the audit trail.

Safe to run from several servers at once against one database: every row it changes is first
locked with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; a second scheduler skips what the first is
doing, and finds it done afterwards), SQLite lets one writer in at a time, and pulse waves are
unique by (schedule, number). Run twice, it does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.models import Wave, WaveState

from . import audit
from .pulses import MadePulse, create_due_pulses
from .waves import close_wave, open_wave

ACTOR = "surveyapp tick"


@dataclass
class TickReport:
    closed: list[Wave] = field(default_factory=list)
    opened: list[Wave] = field(default_factory=list)
    pulses: list[MadePulse] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What was done, in words, for the command's output."""
        said = [f"Closed wave {w.id} ({w.name})." for w in self.closed]
        said += [f"Opened wave {w.id} ({w.name})." for w in self.opened]
        said += [
            f"Opened wave {p.wave.id} ({p.wave.name}), pulse {p.wave.schedule_number} of "
            f"schedule {p.schedule.id}."
            for p in self.pulses
        ]
        return said or ["Nothing was due."]


def run_tick(
    session: Session,
    banks: Mapping[str, Bank],
    min_group_size: int,
    min_comment_group_size: int,
    today: dt.date,
    cipher: AnswerCipher,
) -> TickReport:
    """Close, then open, then make pulses, so that a pulse can open the day its last one
    closes. ``cipher`` re-seals the records of the waves it closes (``waves.close_wave``)."""
    report = TickReport()
    past = select(Wave).where(Wave.state == WaveState.OPEN, Wave.closes_on < today)
    for wave in list(session.scalars(past.order_by(Wave.id).with_for_update(skip_locked=True))):
        close_wave(session, wave, today, cipher)
        audit.record(session, ACTOR, "wave.close", wave.id, detail="its closing date had passed")
        report.closed.append(wave)
    # A planned wave whose closing date has passed stays a draft: its page says so.
    planned = select(Wave).where(
        Wave.state == WaveState.DRAFT,
        Wave.opens_on <= today,
        or_(Wave.closes_on.is_(None), Wave.closes_on >= today),
    )
    for wave in list(session.scalars(planned.order_by(Wave.id).with_for_update(skip_locked=True))):
        open_wave(session, wave, min_group_size, min_comment_group_size, today)
        audit.record(session, ACTOR, "wave.open", wave.id, detail="planned to open today")
        report.opened.append(wave)
    for made in create_due_pulses(session, banks, min_group_size, min_comment_group_size, today):
        detail = f"pulse {made.wave.schedule_number} of schedule {made.schedule.id}"
        audit.record(session, ACTOR, "pulse.open", made.wave.id, detail=detail)
        report.pulses.append(made)
    return report
