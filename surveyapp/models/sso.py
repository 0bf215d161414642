"""Single sign-on for a wave and the RFC 9474 blind-signature entry (docs/BLIND-SIGNATURES.md).

Two sides that share nothing but the wave. Issuance (``sso_token_issued``) records that a person
has had their one token for the wave, as a keyed hash of issuer and subject: no unit, no time,
no order (a random key, and on SQLite no rowid). Submission (``blind_message_spent``) records a
keyed hash of each message a response was sent with, written in the transaction that writes the
sealed response, so a token answers once. The server never saw that message at issuance, so the
two tables cannot be joined, by anyone holding every key included.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import NO_ROWID, Base


class WaveSignOn(Base):
    """How staff of a wave sign in: the council's OpenID Connect provider, and how a person is
    placed in a unit (a claim naming the unit, or the uploaded directory when ``unit_claim`` is
    None). The client secret is sealed (``domain.sso_secrets``), never stored in plain."""

    __tablename__ = "wave_sign_on"

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    issuer_url: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    unit_claim: Mapped[str | None] = mapped_column(String(100))


class SignOnDirectoryEntry(Base):
    """One person of the uploaded directory: a keyed hash of their subject or email, and their
    unit. Only the hash is kept, so the table is no staff list to whoever reads it."""

    __tablename__ = "sign_on_directory_entry"
    __table_args__ = (NO_ROWID,)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    person_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))


class UnitSigningKey(Base):
    """A unit's RSA key for the wave (RSABSSA-SHA384-PSS-Randomized): every member of the unit
    is signed with the same key, published with its fingerprint so they can compare. The private
    key is sealed (PKCS #8 DER, ``domain.sso_secrets``)."""

    __tablename__ = "unit_signing_key"
    __table_args__ = (UniqueConstraint("wave_id", "key_id", name="uq_unit_signing_key_key_id"),)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)


class SignOnTokenIssued(Base):
    """A person had their token for the wave: HMAC of issuer and subject under the pepper.

    Nothing else, so that nothing here can be set beside a response: no unit, no time."""

    __tablename__ = "sign_on_token_issued"
    __table_args__ = (NO_ROWID,)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    subject_hash: Mapped[str] = mapped_column(String(64), primary_key=True)


class BlindMessageSpent(Base):
    """A token's message that a response was sent with (keyed hash), so it answers once."""

    __tablename__ = "blind_message_spent"
    __table_args__ = (NO_ROWID,)

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), primary_key=True)
    message_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
