"""Action plans recorded against a published result, with their dated progress updates.

Staff records, not answers: who recorded what and when is kept on purpose (the audit trail
holds it too). No number is stored here: an action names a cell of its wave's plan (``measure``
at ``unit_id``), and pages read the score from the plan, so nothing shown bypasses it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.domain.actions import MAX_DESCRIPTION, MAX_REASON, MAX_UPDATE, ActionStatus

from .base import Base
from .unit import Unit
from .user import User
from .wave import Wave


def _status_type(name: str) -> Enum:
    return Enum(
        ActionStatus,
        native_enum=False,
        length=16,
        values_callable=lambda e: [m.value for m in e],
        create_constraint=True,
        name=name,
    )


class Action(Base):
    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_unit_wave", "unit_id", "wave_id"),
        CheckConstraint(
            "(status = 'dropped') = (dropped_reason IS NOT NULL)", name="dropped_with_a_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    measure: Mapped[str] = mapped_column(String(200))
    """The plan's measure name (``theme:<key>`` or ``question:<key>``) at ``unit_id``."""
    description: Mapped[str] = mapped_column(String(MAX_DESCRIPTION))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    due_on: Mapped[dt.date]
    status: Mapped[ActionStatus] = mapped_column(
        _status_type("action_status"), default=ActionStatus.PLANNED
    )
    dropped_reason: Mapped[str | None] = mapped_column(String(MAX_REASON))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reminded_on: Mapped[dt.date | None]
    """When the owner was last reminded that it is overdue (reminders are weekly at most)."""

    wave: Mapped[Wave] = relationship()
    unit: Mapped[Unit] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.id"
    )

    def __repr__(self) -> str:
        return f"<Action {self.id} {self.status}>"


class ActionUpdate(Base):
    """A dated progress note, a status change, or both."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(String(MAX_UPDATE), default="")
    status: Mapped[ActionStatus | None] = mapped_column(_status_type("action_update_status"))
    """The status this update moved the action to, if it changed it."""

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User] = relationship()
