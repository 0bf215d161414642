"""Workforce figures an admin enters per wave, shown beside survey results as entered figures."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

PERCENT = Numeric(5, 1)


class WorkforceFigures(Base):
    """The figures boards read beside a survey (DfE workforce statistics), for one unit."""

    __tablename__ = "workforce_figures"
    __table_args__ = (
        CheckConstraint("fte_in_post IS NULL OR fte_in_post >= 0", name="fte_not_negative"),
        CheckConstraint(
            "average_caseload IS NULL OR average_caseload >= 0", name="caseload_not_negative"
        ),
        *(
            CheckConstraint(
                f"{column} IS NULL OR ({column} >= 0 AND {column} <= 100)",
                name=f"{column}_is_a_percentage",
            )
            for column in (
                "turnover_percent",
                "agency_percent",
                "vacancy_percent",
                "sickness_absence_percent",
            )
        ),
    )

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    fte_in_post: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    turnover_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    agency_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    vacancy_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    average_caseload: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    sickness_absence_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
