"""The answer store. It holds no identity: see DESIGN.md §3.1.

No column here may identify or order a respondent — no time, account, invitation, address, agent
or sequential id. ``tests/models/test_anonymity_schema.py`` fails if one is added.
"""

from __future__ import annotations

import uuid

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import NO_ROWID, Base


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_wave_unit", "wave_id", "unit_id"),
        # The key the answer rows point at: it makes their copy of wave and unit the response's.
        Index("ux_response_id_wave_unit", "id", "wave_id", "unit_id", unique=True),
        NO_ROWID,
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")
    bands: Mapped[list[ResponseBand]] = relationship(cascade="all, delete-orphan")


def _response_key() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["response_id", "wave_id", "unit_id"],
        ["response.id", "response.wave_id", "response.unit_id"],
        ondelete="CASCADE",
    )


class Answer(Base):
    """One answer: ``value`` for scales (1-5 agreement, 0-10 recommend), ``choice`` for options.

    Wave and unit repeat the response's (a composite foreign key keeps them equal), so that the
    counts every plan is built from are read from one index, in order, without a join.
    """

    __tablename__ = "answer"
    __table_args__ = (
        CheckConstraint("(value IS NULL) <> (choice IS NULL)", name="value_or_choice"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="value_in_range"),
        _response_key(),
        Index("ix_answer_tally", "wave_id", "unit_id", "question_key", "value", "choice"),
        NO_ROWID,
    )

    response_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int]
    unit_id: Mapped[int]
    value: Mapped[int | None]
    choice: Mapped[str | None] = mapped_column(String(64))


class ResponseBand(Base):
    """A coarse demographic band (including ``prefer_not_to_say``) chosen by the respondent."""

    __tablename__ = "response_band"
    __table_args__ = (
        _response_key(),
        Index("ix_response_band_tally", "wave_id", "unit_id", "dimension", "band"),
        NO_ROWID,
    )

    response_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int]
    unit_id: Mapped[int]
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
