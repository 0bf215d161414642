"""Single-use invitations, stored only as a keyed hash of the token (DESIGN.md §3.2)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import NO_ROWID, Base


class Invitation(Base):
    """Nothing else is kept: no issue time, no use time, no link to what the holder answered."""

    __tablename__ = "invitation"
    __table_args__ = (Index("ix_invitation_wave_unit", "wave_id", "unit_id"), NO_ROWID)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    is_used: Mapped[bool] = mapped_column(default=False)


class TeamLink(Base):
    """One open link per unit per wave, for team meetings; reusable, so rate-limited instead.

    Only the keyed hash is kept; issuing a new link for the same unit replaces the old one.
    """

    __tablename__ = "team_link"
    __table_args__ = (UniqueConstraint("wave_id", "unit_id"), NO_ROWID)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
