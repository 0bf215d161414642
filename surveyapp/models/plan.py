"""Stored publication plans: the one decision about what a wave snapshot may show."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class PlanSnapshot(Base):
    """A released snapshot's plan (or the final plan of a closed wave).

    Unreleased snapshots are never stored, so they can never be shown. ``total_responses`` is the
    count the next live release is measured against (DESIGN.md §3.6).
    """

    __tablename__ = "plan_snapshot"
    __table_args__ = (
        UniqueConstraint("wave_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("total_responses >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    number: Mapped[int]
    is_final: Mapped[bool] = mapped_column(default=False)
    total_responses: Mapped[int]
    digest: Mapped[str] = mapped_column(Text)
    plan_json: Mapped[str] = mapped_column(Text)
