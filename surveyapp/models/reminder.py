"""Address lists kept for reminders, and the dates to send them, per wave and unit.

The list is sealed (``domain.sealed_addresses``): the database holds only ciphertext and how
many addresses it holds. Both tables are emptied for a wave when it closes. They hold nothing
about who answered, which nobody can know: a reminder goes to everyone on the list.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    LargeBinary,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ReminderList(Base):
    __tablename__ = "reminder_list"
    __table_args__ = (CheckConstraint("address_count > 0", name="not_empty"),)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    address_count: Mapped[int]


class ReminderState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class ReminderDate(Base):
    """One reminder to send: claimed by one sender with a conditional UPDATE (``pending`` to
    ``sending``), so two ``tick`` runs at once cannot both send it."""

    __tablename__ = "reminder_date"
    __table_args__ = (
        ForeignKeyConstraint(
            ["wave_id", "unit_id"],
            ["reminder_list.wave_id", "reminder_list.unit_id"],
            ondelete="CASCADE",
            name="fk_reminder_date_list",
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    wave_id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(primary_key=True)
    send_on: Mapped[dt.date] = mapped_column(primary_key=True)
    state: Mapped[ReminderState] = mapped_column(
        Enum(
            ReminderState,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
            create_constraint=True,
            name="reminder_state",
        ),
        default=ReminderState.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    sent_count: Mapped[int | None]
    failed_count: Mapped[int | None]
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
