"""Who issued the ways into a wave for a unit, and second admins' approvals to issue more.

This is staff activity, not respondent data: it names accounts and carries times on purpose, and
holds nothing about who answered. ``InvitationIssuer`` is what separation of duties reads
(``domain.duties``): one row per account, wave and unit that account issued, downloaded or
emailed invitations or a team link for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class InvitationIssuer(Base):
    __tablename__ = "invitation_issuer"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    first_issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OverIssueApproval(Base):
    """A request to issue more invitations for a unit than its headcount, and its approval by
    another admin; used once, and only before ``expires_at``."""

    __tablename__ = "over_issue_approval"
    __table_args__ = (
        CheckConstraint("count >= 1", name="count_positive"),
        CheckConstraint(
            "approved_by_id IS NULL OR approved_by_id <> requested_by_id",
            name="approved_by_someone_else",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    count: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
