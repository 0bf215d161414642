"""One-time entries: what makes one visit to a link or code send answers at most once."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import NO_ROWID, Base


class EntryNonce(Base):
    """An entry that was opened and not yet sent: the keyed hash of a random nonce.

    The plain nonce lives only in the respondent's signed session cookie; the row is deleted in
    the transaction that stores the response, so a copied cookie or a second tab cannot send
    again. Nothing here identifies or orders anyone: no time, no address, no counter, a random
    key (and on SQLite no rowid, so rows are stored in key order), and no link to the invitation
    or to what is answered. Unfinished rows are bounded per unit and deleted when the wave
    closes.
    """

    __tablename__ = "entry_nonce"
    __table_args__ = (
        Index("ix_entry_nonce_way_in", "wave_id", "unit_id", "via_team_link"),
        NO_ROWID,
    )

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    via_team_link: Mapped[bool]
