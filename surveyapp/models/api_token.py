"""Personal API tokens: only a keyed hash of the token is stored, never the token itself."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .user import User


class ApiToken(Base):
    """A bearer token for the read API, with the same role and scope as its user.

    The primary key is HMAC-SHA256(pepper, token), as for invitations: a leaked database cannot
    be turned back into working tokens.
    """

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("user_id", "label"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    created_on: Mapped[dt.date]

    user: Mapped[User] = relationship()
