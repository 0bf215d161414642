"""rate-limit windows shared by every worker and app server

Revision ID: 21b6c6a22b3e
Revises: 5e3c1d9b7a42

Counters of the rate limits, keyed by a keyed hash of the limiter's key, one row per window,
deleted when the window ends. Unlogged on PostgreSQL: they need no crash safety, and their churn
stays out of the WAL and the replicas. SQLite deployments keep them in a file of their own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '21b6c6a22b3e'
down_revision: str | None = '5e3c1d9b7a42'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    unlogged = ["UNLOGGED"] if op.get_bind().dialect.name == "postgresql" else []
    op.create_table(
        "rate_limit_window",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.CheckConstraint("hits >= 0", name=op.f("ck_rate_limit_window_hits_not_negative")),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_rate_limit_window")),
        prefixes=unlogged,
        sqlite_with_rowid=False,
    )
    op.create_index("ix_rate_limit_window_expires_at", "rate_limit_window", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_rate_limit_window_expires_at", table_name="rate_limit_window")
    op.drop_table("rate_limit_window")
