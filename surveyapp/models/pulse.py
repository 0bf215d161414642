"""A recurring pulse: a schedule that creates and opens a wave every N weeks or months.

Each wave it makes carries the schedule and its number (``Wave.schedule_id``,
``Wave.schedule_number``), unique together, so two schedulers running at once cannot make the
same wave twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.domain.pulses import Period

from .base import Base
from .unit import Unit


class PulseSchedule(Base):
    __tablename__ = "pulse_schedule"
    __table_args__ = (
        CheckConstraint("every >= 1", name="every_at_least_one"),
        CheckConstraint("open_days >= 1", name="open_at_least_a_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_pattern: Mapped[str] = mapped_column(String(200))
    bank_key: Mapped[str] = mapped_column(String(64))
    root_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    every: Mapped[int]
    period: Mapped[Period] = mapped_column(
        Enum(
            Period,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
            create_constraint=True,
            name="pulse_period",
        )
    )
    open_days: Mapped[int]
    first_opens_on: Mapped[dt.date]
    is_active: Mapped[bool] = mapped_column(default=True)

    root_unit: Mapped[Unit] = relationship()
