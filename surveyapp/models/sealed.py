"""The answer store: sealed records that hold no identity and no order (DESIGN.md §3.1).

A sealed response or comment is a random id, its wave, and an authenticated ciphertext of its
unit and answers (``surveyapp.domain.sealed``); nothing else. Unit, bands, answers and comment
texts exist in plain only in memory, while a plan is counted or a published pool is read. The
keys are in the configuration, never in the database. ``tests/models/test_anonymity_schema.py``
fails if a column is added.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import NO_ROWID, Base

ID_BYTES = 16


class SealedResponse(Base):
    """One whole response, every record of a wave the same length.

    Keyed by wave and a random id, so a wave's records are read together; on SQLite without a
    rowid, and rewritten in random order at close (``services.sealed.shuffle``), so that neither
    key nor storage order follows submission order.
    """

    __tablename__ = "sealed_response"
    __table_args__ = (NO_ROWID,)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    id: Mapped[bytes] = mapped_column(LargeBinary(ID_BYTES), primary_key=True)
    record: Mapped[bytes] = mapped_column(LargeBinary)


class SealedComment(Base):
    """One comment, with no response id: a comment cannot be joined to an answer pattern."""

    __tablename__ = "sealed_comment"
    __table_args__ = (NO_ROWID,)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    id: Mapped[bytes] = mapped_column(LargeBinary(ID_BYTES), primary_key=True)
    record: Mapped[bytes] = mapped_column(LargeBinary)


class SealedLayout(Base):
    """The columns of a wave's sealed responses (``domain.sealed.Layout`` as JSON).

    Frozen when the wave's first response is sealed, so that a bank edited later cannot change
    how the records already sealed are read. It says what was asked, never who answered what.
    """

    __tablename__ = "sealed_layout"

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    layout: Mapped[str] = mapped_column(Text)
