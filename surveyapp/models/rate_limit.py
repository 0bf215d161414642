"""Rate-limit counters shared by every worker and app server (``database/rate_limits.py``).

A row is one fixed window of one limit for one client: a keyed hash of the limiter's key (which
holds the client address; the address itself is never stored), the hits so far and when the
window ends. Rows are deleted once their window is over. On PostgreSQL the table lives in the app
database (unlogged, so its churn never reaches the WAL or a replica); on SQLite the limiter keeps
it in a file of its own beside the database, and this copy stays empty.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Double, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import NO_ROWID, Base


class RateLimitWindow(Base):
    __tablename__ = "rate_limit_window"
    __table_args__ = (
        CheckConstraint("hits >= 0", name="hits_not_negative"),
        Index("ix_rate_limit_window_expires_at", "expires_at"),
        NO_ROWID,
    )

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int]
    expires_at: Mapped[float] = mapped_column(Double)
