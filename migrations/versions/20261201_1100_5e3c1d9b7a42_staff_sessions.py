"""staff sessions are records on the server; the per-user session version goes

Revision ID: 5e3c1d9b7a42
Revises: c41d7e2f9a10

A signed-in browser is now a ``staff_session`` row named by its cookie, so sign-out, idle and
absolute timeouts end it on the server. The session version it replaces is dropped; sessions
signed in before the upgrade end (their cookies name no record), and staff sign in again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5e3c1d9b7a42'
down_revision: str | None = 'c41d7e2f9a10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'staff_session',
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_staff_session_user_id_user_account')),
        sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_staff_session')),
    )
    op.create_index(op.f('ix_staff_session_user_id'), 'staff_session', ['user_id'], unique=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_session_version_positive'), type_='check')
        batch_op.drop_column('session_version')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_user_account_session_version_positive'), 'session_version >= 1')
    op.drop_index(op.f('ix_staff_session_user_id'), table_name='staff_session')
    op.drop_table('staff_session')
