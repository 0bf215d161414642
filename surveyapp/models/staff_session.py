"""Signed-in staff browsers, so that a session can be ended on the server, not only forgotten."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .user import User


class StaffSession(Base):
    """One signed-in browser of a staff account; the session cookie names it.

    The primary key is HMAC-SHA256(pepper, session id), as for API tokens: the id itself lives
    only in the signed cookie, so a leaked database cannot be turned into a working session.
    Staff activity may carry times (for the idle timeout and the absolute lifetime); respondents
    never get one of these.
    """

    __tablename__ = "staff_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
