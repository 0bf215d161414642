"""Single-use invitations, stored only as a keyed hash of the token (DESIGN.md §3.2)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
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
    """One open link per unit per wave, for team meetings; reusable, so rate-limited and capped.

    Only the keyed hash is kept; issuing a new link for the same unit replaces the old one and
    carries its count over. ``responses_accepted`` counts what came in through the unit's link,
    up to ``response_cap`` (``domain.entry_limits.team_link_response_cap`` of the unit's frozen
    headcount): the submit raises it with a conditional UPDATE, so concurrent answers cannot
    pass the cap, and the database refuses a count beyond it too.
    """

    __tablename__ = "team_link"
    __table_args__ = (
        UniqueConstraint("wave_id", "unit_id"),
        CheckConstraint(
            "responses_accepted >= 0 AND responses_accepted <= response_cap",
            name="responses_within_cap",
        ),
        NO_ROWID,
    )

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    response_cap: Mapped[int]
    responses_accepted: Mapped[int] = mapped_column(default=0)
