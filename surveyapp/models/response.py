"""The answer store. It holds no identity: see DESIGN.md §3.1.

No column here may identify or order a respondent — no time, account, invitation, address, agent
or sequential id. ``tests/models/test_anonymity_schema.py`` fails if one is added.
"""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import NO_ROWID, Base


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (Index("ix_response_wave_unit", "wave_id", "unit_id"), NO_ROWID)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")
    bands: Mapped[list[ResponseBand]] = relationship(cascade="all, delete-orphan")


class Answer(Base):
    """One answer: ``value`` for scales (1-5 agreement, 0-10 recommend), ``choice`` for options."""

    __tablename__ = "answer"
    __table_args__ = (
        CheckConstraint("(value IS NULL) <> (choice IS NULL)", name="value_or_choice"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="value_in_range"),
        Index("ix_answer_question", "question_key"),
        NO_ROWID,
    )

    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int | None]
    choice: Mapped[str | None] = mapped_column(String(64))


class ResponseBand(Base):
    """A coarse demographic band (including ``prefer_not_to_say``) chosen by the respondent."""

    __tablename__ = "response_band"
    __table_args__ = (Index("ix_response_band_dimension", "dimension", "band"), NO_ROWID)

    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(64), primary_key=True)
    band: Mapped[str] = mapped_column(String(64))


class Comment(Base):
    """Free text, encrypted at rest, deliberately with no response id (DESIGN.md §3.1)."""

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_wave_unit_prompt", "wave_id", "unit_id", "prompt_key"),
        NO_ROWID,
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    prompt_key: Mapped[str] = mapped_column(String(64))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
