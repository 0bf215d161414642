"""The address of each unit's public "You said, we did" page for a wave.

A random slug, made when the wave opens: the page needs no sign-in, so its address must not be
guessable from another unit's or another wave's, and it stays the same for posters and links.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class StaffPage(Base):
    __tablename__ = "staff_page"
    __table_args__ = (UniqueConstraint("wave_id", "unit_id"),)

    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
