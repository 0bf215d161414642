"""Set-password links: single use and expiring, stored only as a keyed hash of the token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .user import User


class PasswordLink(Base):
    """A link emailed to a staff member to set their password (never the password itself).

    The primary key is HMAC-SHA256(pepper, token), as for API tokens; the row is deleted when
    the link is used, when a newer link is sent, and when it is found expired.
    """

    __tablename__ = "password_link"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
