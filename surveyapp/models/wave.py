"""A survey wave, and the unit tree as it stood when the wave opened."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.domain.disclosure.thresholds import MINIMUM_K

from .base import Base
from .unit import Unit


class WaveState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Wave(Base):
    """Thresholds are copied from the deployment when the wave opens and never change after.

    A draft with ``opens_on`` set is planned: ``surveyapp tick`` opens it on that day.
    """

    __tablename__ = "wave"
    __table_args__ = (
        CheckConstraint(
            f"min_group_size IS NULL OR min_group_size >= {MINIMUM_K}", name="k_at_least_3"
        ),
        CheckConstraint(
            "min_comment_group_size IS NULL OR min_comment_group_size >= min_group_size",
            name="k_comments_at_least_k",
        ),
        CheckConstraint(
            "state = 'draft' OR "
            "(min_group_size IS NOT NULL AND min_comment_group_size IS NOT NULL)",
            name="thresholds_frozen_when_open",
        ),
        CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
            name="closes_after_opening",
        ),
        CheckConstraint(
            "(schedule_id IS NULL) = (schedule_number IS NULL)", name="numbered_in_its_schedule"
        ),
        UniqueConstraint("schedule_id", "schedule_number", name="uq_wave_one_wave_per_pulse"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    bank_key: Mapped[str] = mapped_column(String(64))
    bank_version: Mapped[str] = mapped_column(String(32))
    root_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    state: Mapped[WaveState] = mapped_column(
        Enum(
            WaveState,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
            create_constraint=True,
            name="wave_state",
        ),
        default=WaveState.DRAFT,
    )
    opens_on: Mapped[dt.date | None]
    closes_on: Mapped[dt.date | None]
    min_group_size: Mapped[int | None]
    min_comment_group_size: Mapped[int | None]
    # Set on the waves a recurring pulse made: its schedule and the wave's number in it.
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("pulse_schedule.id"))
    schedule_number: Mapped[int | None]

    root_unit: Mapped[Unit] = relationship()
    members: Mapped[list[WaveUnit]] = relationship(back_populates="wave")

    def __repr__(self) -> str:
        return f"<Wave {self.id} {self.name!r} {self.state}>"


class WaveUnit(Base):
    """Membership frozen per wave: later edits to the tree never change a wave's groups."""

    __tablename__ = "wave_unit"
    __table_args__ = (CheckConstraint("headcount >= 0", name="headcount_not_negative"),)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    parent_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(200))
    headcount: Mapped[int]

    wave: Mapped[Wave] = relationship(back_populates="members")
